"""Checks on files the user names, shared by every command that reads one."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError


def check_file(path: str | os.PathLike) -> Path:
    """The path of a readable file, or InputError saying what is wrong with it.

    >>> check_file("/nonexistent/x.ttl")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: /nonexistent/x.ttl: no such file
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    if not os.access(p, os.R_OK):
        raise InputError(f"{path}: not readable")
    return p
