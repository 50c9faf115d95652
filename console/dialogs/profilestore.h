// ProfileStore: the console's saved connections, so an admin picks "production" instead of typing
// URIs and DNs each time. The profile itself is not secret and lives in QSettings; the password is,
// so it goes only to the desktop keyring (QtKeychain, service "ispman-console", key = profile name)
// and never to the settings file. Where no keyring answers (headless machines, tests without a
// Secret Service), the store says so and the caller asks for the password every time.
//
// Keyring calls are asynchronous; each one is bounded by a timeout, because a keyring that never
// answers (a D-Bus activation that hangs) must not leave the connection dialog waiting.
//
// Thread affinity: GUI thread.
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <optional>

class QSettings;

namespace Isp::Console {

struct ConnectionProfile
{
    QString name;
    QStringList uris; // tried in order
    QString baseDn;
    QString bindDn;
    bool startTls = false;
    QString caFile;
    bool rememberPassword = false; // the password is in the keyring (the flag only, never the password)

    bool operator==(const ConnectionProfile &) const = default;
};

class ProfileStore : public QObject
{
    Q_OBJECT

public:
    // `settings` is not owned and must outlive the store.
    explicit ProfileStore(QSettings *settings, QObject *parent = nullptr);

    [[nodiscard]] QStringList names() const;
    [[nodiscard]] std::optional<ConnectionProfile> profile(const QString &name) const;
    // Saves (adds or replaces) `profile`; an error text when the profile cannot be saved.
    [[nodiscard]] QString save(const ConnectionProfile &profile);
    // Removes the profile and its password in the keyring.
    void remove(const QString &name);

    // The keyring. `done` runs on the GUI thread, only while `context` lives.
    struct PasswordResult
    {
        std::optional<QString> password; // nullopt: none stored, or no keyring
        QString error; // why the keyring could not be used (empty when it answered)
    };
    void readPassword(const QString &name, QObject *context, std::function<void(PasswordResult)> done);
    // Stores the password; `done(error)` with an empty error when it was stored.
    void writePassword(const QString &name, const QString &password, QObject *context,
                       std::function<void(QString error)> done);
    void forgetPassword(const QString &name);
    // False once the keyring has failed to answer (no Secret Service): the dialog then says that
    // passwords cannot be remembered and asks each time.
    [[nodiscard]] bool canRememberPasswords() const { return m_keyringWorks; }
    [[nodiscard]] QString keyringError() const { return m_keyringError; }
    // Turns the keyring off (tests, --no-keyring): every call answers "unavailable" at once.
    void setKeyringEnabled(bool enabled);
    void setKeyringTimeout(int ms) { m_timeoutMs = ms; }

    static QString serviceName();

Q_SIGNALS:
    void profilesChanged();
    void keyringUnavailable(const QString &why);

private:
    void keyringFailed(const QString &why);

    QSettings *m_settings;
    bool m_keyringEnabled = true;
    bool m_keyringWorks = true;
    QString m_keyringError;
    int m_timeoutMs = 5000;
};

} // namespace Isp::Console
