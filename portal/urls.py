"""The web pages: the public portal and the staff workspace."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import views_accounts as accounts
from portal import views_actions as actions
from portal import views_attachments as attachments
from portal import views_campaigns as campaigns
from portal import views_comments as comments_pages
from portal import views_library as library
from portal import views_public as public
from portal import views_statistics as statistics
from portal import views_surveys as surveys
from portal import views_workspace as workspace

urlpatterns = [
    path("", public.home, name="home"),
    path("acts/", public.acts_list, name="acts"),
    path("search/", public.search_page, name="search-page"),
    path("drafts/<int:draft_id>/", public.draft_page, name="draft-page"),
    path("drafts/<int:draft_id>/versions/", workspace.versions_page, name="versions-page"),
    path("drafts/<int:draft_id>/comments/", actions.comment, name="comment-post"),
    path("drafts/<int:draft_id>/attachments/", attachments.attachment_add, name="attachment-post"),
    path(
        "drafts/<int:draft_id>/attachments/<int:attachment_id>/remove/",
        attachments.attachment_remove,
        name="attachment-remove-post",
    ),
    path("drafts/<int:draft_id>/follow/", actions.follow, name="follow-post"),
    path("drafts/<int:draft_id>/vote/", actions.draft_vote, name="draft-vote-post"),
    path("drafts/<int:draft_id>/survey/answers/", surveys.survey_answer, name="survey-answer-post"),
    path("drafts/<int:draft_id>/statistics/", statistics.draft_statistics_page, name="statistics-page"),
    path("statistics/", statistics.year_statistics_page, name="statistics-year-page"),
    path("drafts/<int:draft_id>/conclusion/", actions.conclude, name="conclusion-post"),
    path("drafts/<int:draft_id>/expert-groups/", actions.assign_group, name="expert-group-post"),
    path("drafts/<int:draft_id>/transitions/<str:name>/", actions.transition, name="transition-post"),
    path("comments/<int:comment_id>/moderation/", actions.moderate, name="moderation-post"),
    path("comments/<int:comment_id>/response/", actions.respond, name="response-post"),
    path("comments/<int:comment_id>/vote/", actions.comment_vote, name="comment-vote-post"),
    path("comments/<int:comment_id>/replies/", comments_pages.reply, name="comment-reply-post"),
    path("comments/<int:comment_id>/flags/", comments_pages.flag, name="comment-flag-post"),
    path("comments/<int:comment_id>/hide/", comments_pages.hide, name="comment-hide-post"),
    path("comments/<int:comment_id>/flags/dismiss/", comments_pages.dismiss_flags, name="comment-flags-dismiss-post"),
    path("media-library/", library.library_page, name="library"),
    path("media-library/new/", library.material_new, name="material-new"),
    path("media-library/<int:material_id>/", library.material_page, name="material-page"),
    path("media-library/<int:material_id>/edit/", library.material_edit, name="material-edit"),
    path("media-library/<int:material_id>/publish/", library.material_publish, name="material-publish-post"),
    path("media-library/<int:material_id>/unpublish/", library.material_unpublish, name="material-unpublish-post"),
    path("media-library/<int:material_id>/delete/", library.material_delete, name="material-delete-post"),
    path("me/", accounts.profile, name="profile"),
    path("me/settings/", accounts.account_settings, name="account-settings"),
    path("me/notifications/", accounts.notifications, name="notifications"),
    path("accounts/landing/", accounts.landing, name="login-landing"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/confirm/<str:uidb64>/<str:token>/", accounts.confirm, name="signup-confirm"),
    path("accounts/confirm/<str:token>/", accounts.confirm_malformed),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("work/", workspace.my_work, name="my-work"),
    path("work/drafts/new/", workspace.draft_new, name="draft-new"),
    path("work/drafts/<int:draft_id>/edit/", workspace.draft_edit, name="draft-edit"),
    path("work/moderation/", workspace.moderation_page, name="moderation-page"),
    path("work/campaigns/<int:campaign_id>/", campaigns.campaign_page, name="campaign-page"),
    path(
        "work/campaigns/<int:campaign_id>/moderation/",
        campaigns.campaign_moderate_post,
        name="campaign-moderation-post",
    ),
    path("work/campaigns/<int:campaign_id>/response/", campaigns.campaign_respond_post, name="campaign-response-post"),
    path("work/moderation/survey-answers/", surveys.survey_moderation, name="survey-moderation-page"),
    path("work/drafts/<int:draft_id>/survey/", surveys.survey_editor, name="survey-editor-page"),
    path("work/moderation/decisions/", comments_pages.moderate_many, name="moderation-many-post"),
    path("work/moderation/on-behalf/", comments_pages.on_behalf, name="on-behalf-post"),
    path("me/comments/<int:comment_id>/edit/", comments_pages.comment_edit, name="comment-edit-page"),
    path("me/comments/<int:comment_id>/withdraw/", comments_pages.comment_withdraw, name="comment-withdraw-post"),
]
