"""Sign-ups that race with one e-mail address: exactly one account, the others told the address is taken."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection

from accounts.services import account_sign_up

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def test_six_sign_ups_with_one_address_at_once_make_one_account():
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def sign_up(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            # The address differs only in case and spacing: it is still one address.
            account_sign_up(
                username=f"egizak{i}",
                email="  Egizak@Example.UZ " if i % 2 else "egizak@example.uz",
                password="Qalin-parol-2026",
                full_name="Egizak Sinovchi",
                site_url="https://example.uz",
                language="uz",
            )
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    accounts = get_user_model().objects.filter(email__iexact="egizak@example.uz")
    assert accounts.count() == 1
    assert not get_user_model().objects.filter(username__startswith="egizak").exclude(pk=accounts.get().pk).exists()
    subjects = sorted(message.to[0] for message in mail.outbox)
    assert subjects == ["egizak@example.uz"] * 6  # one confirmation, five "you already have an account"
    confirmations = [m for m in mail.outbox if "/accounts/confirm/" in m.body]
    assert len(confirmations) == 1
