"""The REST API, version 1 (brief §7)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import MeView, TokenView
from comments import campaign_views as campaigns
from comments import views as comments
from config.health import HealthView, ReadyView
from drafts import views as drafts
from files import views as files
from library import views as library
from publishing import views as publishing
from search.views import SearchView
from surveys import views as surveys
from workflow import views as workflow
from workflow import views_statistics as statistics

urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
    path("health/ready/", ReadyView.as_view(), name="health-ready"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="me"),
    path("act-types/", drafts.ActTypeListView.as_view(), name="act-types"),
    path("issuing-bodies/", drafts.IssuingBodyListView.as_view(), name="issuing-bodies"),
    path("expert-groups/", drafts.ExpertGroupListView.as_view(), name="expert-groups"),
    path("drafts/", drafts.DraftListCreateView.as_view(), name="drafts"),
    path("drafts/<int:draft_id>/", drafts.DraftDetailView.as_view(), name="draft"),
    path("drafts/<int:draft_id>/versions/", drafts.VersionListView.as_view(), name="draft-versions"),
    path("drafts/<int:draft_id>/versions/diff/", drafts.VersionDiffView.as_view(), name="draft-version-diff"),
    path("drafts/<int:draft_id>/versions/<int:number>/", drafts.VersionDetailView.as_view(), name="draft-version"),
    path("drafts/<int:draft_id>/expert-groups/", drafts.DraftExpertGroupsView.as_view(), name="draft-expert-groups"),
    path(
        "drafts/<int:draft_id>/expert-groups/<int:group_id>/",
        drafts.DraftExpertGroupView.as_view(),
        name="draft-expert-group",
    ),
    path("drafts/<int:draft_id>/attachments/", drafts.DraftAttachmentsView.as_view(), name="draft-attachments"),
    path(
        "drafts/<int:draft_id>/attachments/<int:attachment_id>/",
        drafts.DraftAttachmentView.as_view(),
        name="draft-attachment",
    ),
    path(
        "drafts/<int:draft_id>/attachments/<int:attachment_id>/file/",
        drafts.DraftAttachmentFileView.as_view(),
        name="draft-attachment-file",
    ),
    path("drafts/<int:draft_id>/transitions/", workflow.TransitionListView.as_view(), name="draft-transitions"),
    path(
        "drafts/<int:draft_id>/transitions/<str:name>/",
        workflow.TransitionPerformView.as_view(),
        name="draft-transition",
    ),
    path("drafts/<int:draft_id>/history/", workflow.HistoryView.as_view(), name="draft-history"),
    path("drafts/<int:draft_id>/conclusions/", comments.ConclusionListCreateView.as_view(), name="draft-conclusions"),
    path("drafts/<int:draft_id>/comments/", comments.CommentListCreateView.as_view(), name="draft-comments"),
    path("drafts/<int:draft_id>/summary/", comments.SummaryView.as_view(), name="draft-summary"),
    path("drafts/<int:draft_id>/campaigns/", campaigns.DraftCampaignListView.as_view(), name="draft-campaigns"),
    path("campaigns/<int:campaign_id>/", campaigns.CampaignDetailView.as_view(), name="campaign"),
    path(
        "campaigns/<int:campaign_id>/moderation/",
        campaigns.CampaignModerationView.as_view(),
        name="campaign-moderation",
    ),
    path("campaigns/<int:campaign_id>/response/", campaigns.CampaignResponseView.as_view(), name="campaign-response"),
    path("drafts/<int:draft_id>/follow/", comments.FollowView.as_view(), name="draft-follow"),
    path("drafts/<int:draft_id>/vote/", comments.DraftVoteView.as_view(), name="draft-vote"),
    path("drafts/<int:draft_id>/survey/", surveys.SurveyView.as_view(), name="draft-survey"),
    path("drafts/<int:draft_id>/survey/answers/", surveys.SurveyAnswersView.as_view(), name="draft-survey-answers"),
    path("drafts/<int:draft_id>/survey/results/", surveys.SurveyResultsView.as_view(), name="draft-survey-results"),
    path("survey-answers/pending/", surveys.PendingTextAnswersView.as_view(), name="survey-answers-pending"),
    path(
        "survey-answers/<int:answer_id>/moderation/",
        surveys.TextAnswerModerationView.as_view(),
        name="survey-answer-moderation",
    ),
    path("drafts/<int:draft_id>/statistics/", statistics.DraftStatisticsView.as_view(), name="draft-statistics"),
    path("statistics/", statistics.YearStatisticsView.as_view(), name="statistics"),
    path("drafts/<int:draft_id>/pdf/", publishing.OfficialPdfView.as_view(), name="draft-pdf"),
    path("drafts/<int:draft_id>/print/", publishing.DraftPrintView.as_view(), name="draft-print"),
    path("drafts/<int:draft_id>/docx/", publishing.DraftDocxView.as_view(), name="draft-docx"),
    path("drafts/<int:draft_id>/akn/", publishing.DraftAknView.as_view(), name="draft-akn"),
    path("drafts/<int:draft_id>/summary/pdf/", publishing.SummaryPdfView.as_view(), name="draft-summary-pdf"),
    path("verify/<str:checksum>/", publishing.VerifyView.as_view(), name="verify"),
    path("comments/moderation/", comments.CommentModerationBatchView.as_view(), name="comments-moderation"),
    path("comments/<int:comment_id>/", comments.CommentDetailView.as_view(), name="comment"),
    path("comments/<int:comment_id>/withdraw/", comments.CommentWithdrawView.as_view(), name="comment-withdraw"),
    path("comments/<int:comment_id>/moderation/", comments.CommentModerationView.as_view(), name="comment-moderation"),
    path(
        "comments/<int:comment_id>/attachments/<int:attachment_id>/file/",
        comments.CommentAttachmentFileView.as_view(),
        name="comment-attachment-file",
    ),
    path("comments/<int:comment_id>/response/", comments.CommentResponseView.as_view(), name="comment-response"),
    path("comments/<int:comment_id>/vote/", comments.CommentVoteView.as_view(), name="comment-vote"),
    path("comments/<int:comment_id>/replies/", comments.CommentReplyListCreateView.as_view(), name="comment-replies"),
    path("comments/<int:comment_id>/flags/", comments.CommentFlagView.as_view(), name="comment-flags"),
    path(
        "comments/<int:comment_id>/flags/dismiss/",
        comments.CommentFlagsDismissView.as_view(),
        name="comment-flags-dismiss",
    ),
    path("comments/<int:comment_id>/hide/", comments.CommentHideView.as_view(), name="comment-hide"),
    path("moderation/", comments.ModerationQueueView.as_view(), name="moderation-queue"),
    path("media/", library.MaterialListCreateView.as_view(), name="media"),
    path("media/<int:material_id>/", library.MaterialDetailView.as_view(), name="media-detail"),
    path("media/<int:material_id>/publish/", library.MaterialPublishView.as_view(), name="media-publish"),
    path("media/<int:material_id>/unpublish/", library.MaterialUnpublishView.as_view(), name="media-unpublish"),
    path("media/<int:material_id>/file/", library.MaterialFileView.as_view(), name="media-file"),
    path("search/", SearchView.as_view(), name="search"),
    # Big files in chunks (files.chunked); the owners' endpoints take the finished file by its `file_id`.
    path("uploads/", files.UploadStartView.as_view(), name="uploads"),
    path("uploads/<int:upload_id>/", files.UploadView.as_view(), name="upload"),
    path("uploads/<int:upload_id>/complete/", files.UploadCompleteView.as_view(), name="upload-complete"),
    # The open-data package and its files (opendata).
    path("export/", include("opendata.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script from a URL, so the docs work under the Content-Security-Policy.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
]
