"""Single sign-on (``POST /sso``): a platform token for a user signed in with an outside
account.

>>> from mosaia.api import sso
>>> sso.sign_in(mosaia_user={"id": "u1"}).request.body
b'{"mosaia_user":{"id":"u1"}}'
"""

from __future__ import annotations

from typing import Any

from mosaia._types.answers import SsoToken
from mosaia.api._crud import Body, build
from mosaia.request import Call


def sign_in(body: Body = None, /, **fields: Any) -> Call[SsoToken]:
    """POST ``/sso`` with ``{mosaia_user: {id}, oauth_account: {type, provider}}`` (a body
    and/or keywords, keywords win): a token and its type; answered with or without ``data``."""
    return build("POST", "/sso", body=body, fields=fields).bare(SsoToken)
