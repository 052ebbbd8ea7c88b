"""The request's user where a view is behind login_required."""

from django.contrib.auth.models import User
from django.http import HttpRequest


def request_user(request: HttpRequest) -> User:
    """The logged-in user; login_required guarantees one, this tells the type checker so."""
    assert isinstance(request.user, User)  # login_required: never anonymous here
    return request.user
