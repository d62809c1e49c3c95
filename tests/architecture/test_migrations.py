"""The migrations as they ship: nothing has shipped yet, so a squash is finished at once
(issue 11): the migrations it replaces are deleted and every dependant points at the squash.
Once a release has shipped, a squash keeps `replaces` until no database is left between its
originals; list it here then."""

from django.db.migrations.loader import MigrationLoader

OWN = "regeling."
SHIPPED_SQUASHES: set[tuple[str, str]] = set()


def own_migrations(loader):
    return {key: migration for key, migration in loader.disk_migrations.items() if migration.__module__.startswith(OWN)}


def test_no_squash_ships_beside_the_migrations_it_replaces_when_nothing_has_shipped():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unfinished = sorted(
        f"{key[0]}.{key[1]} replaces {', '.join(name for _app, name in migration.replaces)}"
        for key, migration in own_migrations(loader).items()
        if migration.replaces and key not in SHIPPED_SQUASHES
    )
    assert unfinished == []


def test_every_dependency_names_a_migration_on_disk_when_loaded():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    own = own_migrations(loader)
    own_apps = {app for app, _name in own}
    missing = sorted(
        f"{key[0]}.{key[1]} needs {dependency[0]}.{dependency[1]}"
        for key, migration in own.items()
        for dependency in migration.dependencies
        if dependency[0] in own_apps and dependency[1] != "__first__" and dependency not in loader.disk_migrations
    )
    assert missing == []
