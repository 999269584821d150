"""Everyone signs in with an email address: one account per address, whatever its case."""
import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_the_login_field_is_the_email():
    assert (User.USERNAME_FIELD, User.REQUIRED_FIELDS) == ("email", [])


def test_one_account_per_address_whatever_its_case():
    User.objects.create_user("Robin@Example.test", password="plum-kettle-meadow-77")
    with pytest.raises(IntegrityError):
        User.objects.create_user(" robin@example.TEST ", password="another-pass-99")


def test_sign_in_ignores_the_case_and_spaces_of_the_address():
    User.objects.create_user("robin@example.test", password="plum-kettle-meadow-77", is_staff=True)
    response = APIClient().post("/api/auth/login", {"email": " Robin@Example.TEST", "password": "plum-kettle-meadow-77"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["email"] == "robin@example.test"


def test_accounts_without_an_address_coexist_and_cannot_sign_in():
    first, second = User.objects.create_user(None, first_name="Morgan"), User.objects.create_user(None, first_name="Jo")
    assert (first.email, second.email) == (None, None)
    assert not first.has_usable_password()
    response = APIClient().post("/api/auth/login", {"email": "", "password": ""}, format="json")
    assert response.status_code == 400
