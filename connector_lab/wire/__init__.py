"""Stage 2 — the wire: a definition and values become a request (:func:`build_request`),
the auth scheme adds credentials (``auth/``, one applier per scheme type, see
:func:`register_credentials`), a credential-safe session sends it (``urls.py`` owns every URL
rewrite on the way, ``header_values.py`` the check of every header value; ``limits.py``
bounds each exchange in time and size; ``policy.py`` says which addresses it may connect
to; ``retry.py`` decides what is tried again and records each :class:`Attempt`;
``ratelimit.py`` spaces requests to a connector's rate limit), and a :class:`Result` holds
the answer with the request as sent, masked (also as cURL). When it fails, ``failures.py``
says what happened on the wire.

Imports the spec stage only; the table methods of :class:`Result` reach the tables stage
when called, so sending a request never loads pandas.
"""

from .auth import (
    CredentialAuth,
    TokenCache,
    credentials_for,
    register_credentials,
    register_scheme,
    register_signer,
)
from .client import Client
from .policy import NetworkPolicy
from .redact import Redactor
from .request import RequestPlan, RunContext, build_request
from .result import Result, SentRequest
from .retry import Attempt

__all__ = [
    "Attempt",
    "Client",
    "CredentialAuth",
    "NetworkPolicy",
    "Redactor",
    "RequestPlan",
    "Result",
    "RunContext",
    "SentRequest",
    "TokenCache",
    "build_request",
    "credentials_for",
    "register_credentials",
    "register_scheme",
    "register_signer",
]
