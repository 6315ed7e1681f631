"""The data layer: msgspec Structs for every entity and answer (public face: mosaia.types)."""
