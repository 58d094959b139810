"""Users in the admin: (de)activation goes through the accounts service, so it also blocks links and tokens."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from accounts.services import account_set_active

User = get_user_model()


class AccountUserAdmin(UserAdmin):
    def save_model(self, request, obj, form, change):
        active = obj.is_active
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            account_set_active(user=obj, active=active, actor=request.user)


admin.site.unregister(User)
admin.site.register(User, AccountUserAdmin)
