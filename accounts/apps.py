from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Imported here, not at the top: Django loads apps.py before any model exists.
        from accounts.selectors import preferred_language
        from kernel import mail

        # Every app's e-mails are written in the language the reader chose.
        mail.read_language_with(preferred_language)
