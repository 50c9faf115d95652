// ConnectionDialog: the first thing the console shows. It turns a saved profile (or the command
// line's --uri/--base/--bind-dn) and a password into settings that are known to work: it binds,
// asks the server who it is (WhoAmI) and checks that this identity is an ISPMan administrator
// before the console starts its live view, so a wrong password, an unreachable server, a failed
// StartTLS or a domain owner's account is told in words here rather than as a broken tree later.
//
// The check runs on the GUI thread with an asynchronous LdapConnection (no worker thread, no
// blocking); it is closed again once the answer is known — the console opens its own sessions
// with settings().
//
// Thread affinity: GUI thread.
#pragma once

#include "console/dialogs/profilestore.h"
#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapdn.h"

#include <QDialog>

#include <chrono>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Isp::Console {

class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectionDialog(ProfileStore *store, QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    // Fills the form with `profile` (e.g. from the command line; it is saved only when the admin
    // presses Save) and the password, when one is given.
    void preset(const ConnectionProfile &profile, const QString &password = {});
    // Shows a saved profile (its password comes from the keyring when it was remembered).
    void selectProfile(const QString &name);
    void setPassword(const QString &password);
    // How long one connection attempt may take per URI (default 5 s).
    void setConnectTimeout(std::chrono::milliseconds timeout) { m_connectTimeout = timeout; }

    // After accept(): the settings that bound successfully, and the directory's base DN.
    [[nodiscard]] Core::LdapConnectionSettings settings() const { return m_settings; }
    [[nodiscard]] Core::LdapDn baseDn() const { return m_base; }
    // The form as a profile (what Save would store).
    [[nodiscard]] ConnectionProfile currentProfile() const;
    // The last message shown (errors of the last attempt).
    [[nodiscard]] QString message() const;
    [[nodiscard]] bool isConnecting() const { return m_probe != nullptr; }

public Q_SLOTS:
    // The Connect button: binds and checks the identity; accept()s on success.
    void connectToServer();

Q_SIGNALS:
    // One attempt ended; `ok` means the dialog accepted.
    void attemptFinished(bool ok, const QString &message);

private:
    void reloadProfiles(const QString &select);
    void showProfile(const ConnectionProfile &profile);
    void newProfile();
    void saveProfile();
    void deleteProfile();
    void updateKeyringNote();
    void fail(const QString &message);
    void succeed();
    void explainConnectFailure(const Core::LdapError &error);
    void checkIdentity(const QString &authzId);
    void checkEntry(const Core::LdapDn &dn, std::function<void(bool exists, bool readable)> then);
    void setBusy(bool busy);
    void dropProbe();

    ProfileStore *m_store;
    QComboBox *m_profiles;
    QLineEdit *m_name;
    QLineEdit *m_uris;
    QLineEdit *m_baseDn;
    QLineEdit *m_bindDn;
    QCheckBox *m_startTls;
    QLineEdit *m_caFile;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_keyringNote;
    QLabel *m_message;
    QPushButton *m_connect;
    QPushButton *m_save;
    QPushButton *m_delete;

    std::unique_ptr<Core::LdapConnection> m_probe;
    Core::LdapConnectionSettings m_settings;
    Core::LdapDn m_base;
    std::chrono::milliseconds m_connectTimeout{5000};
    bool m_passwordTyped = false;
    quint64 m_attempt = 0; // answers of an abandoned attempt are ignored
};

} // namespace Isp::Console
