"""The sample models: unique users, messages that go with their author."""

import datetime

import pytest
from peewee import IntegrityError

from {{ cookiecutter.package_name }}.cli import database
from {{ cookiecutter.package_name }}.models import Message, User


def test_username_and_email_are_unique(make_user):
    """Two users cannot share a username or an email."""
    make_user("alice")
    with pytest.raises(IntegrityError), database().atomic():
        make_user("alice", email="other@example.com")
    with pytest.raises(IntegrityError), database().atomic():
        make_user("bob", email="alice@example.com")


def test_new_users_are_active_non_admins_with_a_join_date(make_user):
    """Defaults: active, not an admin, joined now."""
    user = User.get_by_id(make_user("alice").id)
    assert user.active is True
    assert user.admin is False
    assert datetime.datetime.now() - user.join_date < datetime.timedelta(minutes=1)


def test_each_message_gets_its_own_publication_time(make_user):
    """pub_date defaults to the time of creation, not the time the module was imported."""
    user = make_user()
    first = Message.create(user=user, content="one")
    second = Message.create(user=user, content="two")
    assert first.pub_date <= second.pub_date
    assert str(first) == "alice: one"


def test_deleting_a_user_deletes_their_messages(make_user):
    """Messages cascade with their author, enforced by the database."""
    user = make_user()
    Message.create(user=user, content="bye")
    User.delete().where(User.id == user.id).execute()
    assert Message.select().count() == 0


def test_a_message_needs_an_existing_user(app):
    """The foreign key is enforced: no message without an author."""
    with pytest.raises(IntegrityError), database().atomic():
        Message.create(user=999_999, content="orphan")
