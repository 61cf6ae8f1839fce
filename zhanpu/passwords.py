"""Password rules (settings.AUTH_PASSWORD_VALIDATORS) whose messages Django's own catalogue leaves in English."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its refusal worded here: Django 5.2 asks its catalogue for a wording the Chinese one lacks, so
    a staff member choosing a short password was told why in English."""

    def get_error_message(self):
        return _("密码太短：至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}
