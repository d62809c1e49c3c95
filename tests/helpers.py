"""Test helpers shared by every test folder."""


def sign_in(client, user):
    """Sign `user` in on the Django test client the way the portals require.

    Use this instead of client.login/force_login: for staff it will also pass
    the second factor once two-factor authentication is enforced.
    """
    client.force_login(user)
    return client
