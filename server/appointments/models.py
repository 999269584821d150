from django.db import models

from customers.models import Customer


class Resource(models.Model):
    """Who or what serves an appointment: a staff member or a place (chair, bay, room)."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Staff member"
        PLACE = "place", "Place"

    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PLACE)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    name = models.CharField(max_length=120)
    duration_minutes = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    active = models.BooleanField(default=True)
    # Staff may lengthen or shorten an appointment of this service (on the slot grid),
    # e.g. a repair whose length depends on what is found; fixed-length otherwise.
    adjustable_duration = models.BooleanField(default=False)
    # Empty means any active resource can serve it.
    resources = models.ManyToManyField(Resource, blank=True, related_name="services")

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class BusinessHours(models.Model):
    """Opening hours for one weekday, in the business time zone. No row: closed that day."""

    weekday = models.PositiveSmallIntegerField(unique=True, help_text="0 = Monday … 6 = Sunday")
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday"]
        verbose_name_plural = "business hours"
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="hours_close_after_open"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="hours_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def get_weekday_display(self) -> str:
        return ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][self.weekday]


class ClosedDay(models.Model):
    date = models.DateField(unique=True)
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}".strip()


class Appointment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "No-show"

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="appointments")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="appointments")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="appointments")
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    notes = models.TextField(blank=True, max_length=2000)
    # Shown to the customer when staff cancel or decline with a reason.
    cancel_reason = models.CharField(max_length=500, blank=True)
    # Increases on every change; an edit based on an older version is refused (stale).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["resource", "start"]), models.Index(fields=["status", "start"])]
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="appointment_end_after_start")]
        # No overlap per resource (migration 0002) and per customer (0003) is enforced
        # in the database (an exclusion constraint on PostgreSQL, triggers on SQLite).

    def __str__(self) -> str:
        return f"{self.service} for {self.customer} at {self.start:%Y-%m-%d %H:%M}"
