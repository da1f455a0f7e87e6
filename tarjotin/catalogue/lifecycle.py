"""The states of an activity. Transitions between them come with the review workflow."""

SUBMITTED = "submitted"
CHANGES_REQUESTED = "changes_requested"
PUBLISHED = "published"
ARCHIVED = "archived"
REJECTED = "rejected"

STATUSES = (SUBMITTED, CHANGES_REQUESTED, PUBLISHED, ARCHIVED, REJECTED)
