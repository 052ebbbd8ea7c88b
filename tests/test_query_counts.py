"""The query-count fixture (tests/conftest.py) also checks each request's status."""

import pytest
from django.test import Client


def test_a_query_count_on_a_404_fails(alice_client: Client, django_assert_num_queries) -> None:
    refused = pytest.raises(AssertionError, match=r"/assessments/999999/result/ answered 404")
    with refused, django_assert_num_queries(3):
        alice_client.get("/assessments/999999/result/")


def test_a_query_count_on_a_redirect_to_the_login_fails(
    client: Client, django_assert_num_queries, db: None
) -> None:
    with pytest.raises(AssertionError, match="answered 302"), django_assert_num_queries(0):
        client.get("/portfolio/")


def test_a_wrong_count_fails_and_lists_the_queries(
    alice_client: Client, django_assert_num_queries
) -> None:
    refused = pytest.raises(AssertionError, match=r"(?s)\d+ queries, expected 0:.*django_session")
    with refused, django_assert_num_queries(0):
        alice_client.get("/")
