"""Checks the Python client scenarios share."""

import sys

from botocore.exceptions import ClientError


def check(step, got, want):
    """Exits with a message unless got equals want; prints the step."""
    if got != want:
        sys.exit(f"{step}: got {got!r}, want {want!r}")
    print(f"ok {step}")


def fails(step, code, message, call, **kwargs):
    """Calls call, which must fail with the given error code and message;
    returns the error response."""
    try:
        call(**kwargs)
    except ClientError as e:
        err = e.response["Error"]
        check(step, (err["Code"], err["Message"]), (code, message))
        return e.response
    sys.exit(f"{step}: succeeded, want {code}")
