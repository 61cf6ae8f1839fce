"""Forms of the accounts shell (signing in)."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    """Django's sign-in form, refusing a user name longer than any account's before it is tried: Django sets the
    field's length limit after the field is made, so no check ran, and a failed sign-in with a name past 255
    characters broke django-axes' record of failed attempts (a server error on PostgreSQL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))
