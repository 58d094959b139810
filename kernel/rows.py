"""Model instances read from and written as plain SQL rows, for the reads and the insert every comment intake
makes.

On that path the ORM's work around a query cost more than the database's answering it: a queryset compiles
its SQL on every call, a raw queryset matches the cursor's columns to fields on every call, and `save()`
builds an insert query. `Columns` and `insert` do that work once per model, field list and database and keep
only what must happen per row: the same conversions of values the ORM applies, both ways. No model signal is
sent: nothing here listens to them (kernel.outbox carries changes).
"""

from django.db import connection
from django.db.models import Model


class Columns:
    """The columns of `model` to select under table alias `alias` (every concrete field but `defer`), and the
    instance a row of them makes; `extra` names values selected after them, set on the instance as they come.

    A deferred field is read from the database when first used, as with `QuerySet.defer`."""

    def __init__(self, model: type[Model], alias: str, *, defer: tuple[str, ...] = (), extra: tuple[str, ...] = ()):
        self.model, self.extra = model, extra
        # In the order of the model's concrete fields: Model.from_db fills the deferred ones in between.
        self.fields = [f for f in model._meta.concrete_fields if f.name not in defer and f.attname not in defer]
        self.attnames = {f.attname for f in self.fields}
        self.sql = ", ".join(f'{alias}."{f.column}"' for f in self.fields)
        self._columns = [f.get_col(alias) for f in self.fields]
        self._converters: dict[str, list] = {}

    def _conversions(self) -> list:
        """Per field, what the ORM would apply to its value read from this database (nothing on PostgreSQL for
        most fields; text to datetime, integer to boolean and the like on SQLite)."""
        found = self._converters.get(connection.vendor)
        if found is None:
            found = []
            for column in self._columns:
                found.append(connection.ops.get_db_converters(column) + column.get_db_converters(connection))
            self._converters[connection.vendor] = found
        return found

    def instance(self, row) -> Model:
        """The model instance of one selected row (its columns, then the `extra` values)."""
        values = list(row[: len(self.fields)])
        for index, converters in enumerate(self._conversions()):
            for convert in converters:
                values[index] = convert(values[index], self._columns[index], connection)
        made = self.model.from_db(connection.alias, self.attnames, values)
        for name, value in zip(self.extra, row[len(self.fields) :], strict=True):
            setattr(made, name, value)
        return made


_insert_sql: dict[tuple[type[Model], str, bool], str] = {}


def insert(instance: Model) -> Model:
    """Inserts a new instance as `save(force_insert=True)` would (each field's own preparation, `auto_now_add`
    included) and sets its primary key; the statement is built once per model and database."""
    model, numbered = type(instance), instance.pk is None
    # The database numbers the row unless the instance brings its own key.
    fields = [f for f in model._meta.local_concrete_fields if not (f.primary_key and numbered) and not f.generated]
    key = (model, connection.vendor, numbered)
    sql = _insert_sql.get(key)
    if sql is None:
        pk = model._meta.pk
        sql = _insert_sql[key] = (
            f'INSERT INTO "{model._meta.db_table}" ({", ".join(connection.ops.quote_name(f.column) for f in fields)}) '
            f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {connection.ops.quote_name(pk.column)}"
        )
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection=connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        (pk_value,) = cursor.fetchone()
    if numbered:
        instance.pk = pk_value
    instance._state.adding, instance._state.db = False, connection.alias
    return instance
