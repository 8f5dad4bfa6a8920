"""Telling English text from Chinese in the widgets: what the 中文 checks look for."""

from __future__ import annotations

import html
import re

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

#: Words the platform itself keeps in English on its Chinese pages (and protocol names).
ALLOWED = (
    "Base URL",
    "App Key",
    "App Secret",
    "AppCode",
    "Query",
    "Path",
    "Headers",
    "Body",
    "Bearer",
    "JSON",
    "JSONPath",
    "HTTP",
    "CSV",
    "cURL",
    "OpenAPI",
    "Swagger",
    "Postman",
    "Link",
    "Retry-After",
    "POST",
    "API",
    "header",
    "runner",
    "env",
    "inputs",
)
#: A token that is code, not prose: a host, a path, an id, a JSONPath, JSON, a URL.
CODE = re.compile(r"""[._{}$/:\[\]"'=@<>*#\\]|^https?|\d""")


def english_words(text: str) -> list[str]:
    """The English words of ``text`` once code and the allowed terms are taken out."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    for term in sorted(ALLOWED, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])", " ", text)
    words = []
    for token in text.split():
        if CODE.search(token.strip("()（）,;.…")):
            continue
        words += re.findall(r"[A-Za-z]{2,}", token)
    return words


def is_english(text: str) -> bool:
    """Text a Chinese reader would find untranslated: no Chinese and an English word."""
    return bool(text.strip()) and not CJK.search(text) and bool(english_words(text))
