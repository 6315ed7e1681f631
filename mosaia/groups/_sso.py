"""``client.sso``: single sign-on (``POST /sso``)."""

from __future__ import annotations

from mosaia.api import sso
from mosaia.groups._base import Group, op


class Sso(Group):
    """Single sign-on (``POST /sso``). The method returns ``Result[..., MosaiaError]``."""

    sign_in = op(sso.sign_in)
