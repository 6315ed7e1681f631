"""``python -m mosaia``: the ``mosaia`` command line (see :mod:`mosaia.cli`)."""

from mosaia.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
