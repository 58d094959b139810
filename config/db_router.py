"""The database router of a deployment with a streaming replica (DATABASE_REPLICA_URL; docs/deployment.md)."""

from django.conf import settings

from kernel.replica import reading_may_lag

REPLICA = "replica"


class ReplicaRouter:
    """Reads inside kernel.replica.reads_may_lag() go to the replica; all else, and every write, to the primary."""

    def db_for_read(self, model, **hints):
        if reading_may_lag() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read there relates to one read on the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica is read-only; it follows the primary's schema by replication.
        return db != REPLICA
