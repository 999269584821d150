from django.urls import path

from workflow import api

urlpatterns = [
    path("boards", api.BoardListApi.as_view()),
    path("boards/<int:pk>", api.BoardDetailApi.as_view()),
    path("boards/<int:pk>/members", api.BoardMembersApi.as_view()),
    path("boards/<int:pk>/members/<int:user_id>", api.BoardMemberDetailApi.as_view()),
    path("boards/<int:pk>/columns", api.ColumnCreateApi.as_view()),
    path("boards/<int:pk>/labels", api.LabelCreateApi.as_view()),
    path("columns/<int:pk>", api.ColumnDetailApi.as_view()),
    path("columns/<int:pk>/move", api.ColumnMoveApi.as_view()),
    path("columns/<int:pk>/archive", api.ColumnArchiveApi.as_view()),
    path("cards", api.CardCreateApi.as_view()),
    path("cards/<int:pk>", api.CardDetailApi.as_view()),
    path("cards/<int:pk>/move", api.CardMoveApi.as_view()),
    path("cards/<int:pk>/archive", api.CardArchiveApi.as_view()),
    path("cards/<int:pk>/comments", api.CardCommentsApi.as_view()),
    path("cards/<int:pk>/attachments", api.CardAttachmentsApi.as_view()),
    path("attachments/<int:pk>", api.AttachmentDetailApi.as_view()),
    path("attachments/<int:pk>/file", api.AttachmentFileApi.as_view()),
    path("cards/<int:pk>/history", api.CardHistoryApi.as_view()),
    path("cards/<int:pk>/checklist", api.CardChecklistApi.as_view()),
    path("checklist-items/<int:pk>", api.ChecklistItemDetailApi.as_view()),
    path("checklist-items/<int:pk>/move", api.ChecklistItemMoveApi.as_view()),
    path("comments/<int:pk>", api.CommentDetailApi.as_view()),
    path("labels/<int:pk>", api.LabelDetailApi.as_view()),
    path("search", api.SearchApi.as_view()),
]
