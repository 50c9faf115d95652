// PrivateDirectory: creates, starts, checks and stops a private OpenLDAP directory (slapd) in
// a folder of the caller's choice, with ISPMan's schema, configuration and DIT. The demo
// (`ispman directory start`) and every integration test use this one implementation.
//
// The instance folder holds slapd.d (cn=config), db/, accesslog/, run/, schema/, the ldapi
// socket and instance.ini (0600: port, base, root and admin credentials). slapd listens on
// 127.0.0.1 only, on a free port unless one is given, and on the ldapi socket.
//
// Child mode runs slapd as a QProcess child (tests: it dies with them and is reaped by them);
// Detached mode lets slapd daemonize (demo: it outlives the command that started it).
// Readiness is checked by retrying a bind until a deadline, never by sleeping.
// Blocking by design (start-up and test code): do not call it on a GUI or HTTP thread.
#pragma once

#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapdn.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

class QProcess;

namespace Isp::Core {

struct PrivateDirectoryOptions
{
    enum class Mode { Child, Detached };
    QString directory;                                               // instance folder (created if missing)
    LdapDn base = LdapDn::fromTrusted(u"o=ispman,dc=example,dc=com"); // suffix of the ISP's data
    quint16 port = 0;                                                // 0: pick a free loopback port
    bool sampleData = false;                                         // load resources/ldap/sample.ldif too
    bool tls = false; // self-signed certificate for 127.0.0.1 (tls/cert.pem), StartTLS enabled
    QByteArray adminPassword;                                        // for uid=ispman,ou=admins; empty: generate
    Mode mode = Mode::Child;
    int serverId = 1;
    qint64 maxSizeBytes = qint64(4) * 1024 * 1024 * 1024;
    std::chrono::milliseconds startTimeout{15000};
    QString slapdPath = QStringLiteral("/usr/sbin/slapd");
    QString slapaddPath = QStringLiteral("/usr/sbin/slapadd");
    QString opensslPath = QStringLiteral("/usr/bin/openssl");
};

class PrivateDirectory : public QObject
{
    Q_OBJECT

public:
    explicit PrivateDirectory(PrivateDirectoryOptions options, QObject *parent = nullptr);
    ~PrivateDirectory() override; // stops a Child-mode slapd

    // Loads an existing instance's options and credentials from its folder (for stop/status of
    // a detached instance). nullopt when the folder holds no instance.
    static std::unique_ptr<PrivateDirectory> open(const QString &directory, QString *error);

    // Whether slapd and slapadd are installed (tests skip visibly without them).
    static bool toolsAvailable(QString *missing = nullptr);

    // Creates the instance unless it exists (config, schema, DIT, sample data), starts slapd,
    // waits for it, and on first start sets the admin password through Password Modify so
    // slapd hashes it. Returns false with a reason on failure.
    bool start(QString *error);
    // Stops slapd (SIGTERM, then waits). The data stays; start() again resumes it.
    bool stop(QString *error = nullptr);
    // Kills slapd hard (crash simulation); the data stays.
    void kill();
    [[nodiscard]] bool isRunning() const;
    // One bind as the root DN succeeds.
    [[nodiscard]] bool isResponding() const;

    [[nodiscard]] QString directory() const { return m_options.directory; }
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QString uri() const;      // ldap://127.0.0.1:<port>
    [[nodiscard]] QString ldapiUri() const; // ldapi://<percent-encoded socket path>
    [[nodiscard]] LdapDn base() const { return m_options.base; }
    [[nodiscard]] LdapDn rootDn() const;
    [[nodiscard]] QByteArray rootPassword() const { return m_rootPassword; }
    [[nodiscard]] LdapDn adminDn() const;
    [[nodiscard]] QByteArray adminPassword() const { return m_adminPassword; }
    [[nodiscard]] qint64 pid() const;
    // The self-signed server certificate when created with tls (empty otherwise): the CA file
    // a client must trust for StartTLS.
    [[nodiscard]] QString certificateFile() const;

    // Connection settings for the root DN / the bootstrap admin, on the TCP URI.
    [[nodiscard]] LdapConnectionSettings rootSettings() const;
    [[nodiscard]] LdapConnectionSettings adminSettings() const;

private:
    bool create(QString *error);
    bool createCertificate(QString *error);
    bool launch(QString *error);
    bool waitUntilResponding(QString *error);
    bool setAdminPassword(QString *error);
    bool joinSampleHostGroups(QString *error);
    bool saveInstanceFile(QString *error) const;
    bool loadInstanceFile(QString *error);
    [[nodiscard]] QString path(const QString &relative) const;
    [[nodiscard]] qint64 pidFromFile() const;

    PrivateDirectoryOptions m_options;
    quint16 m_port = 0;
    QByteArray m_rootPassword;
    QByteArray m_adminPassword;
    bool m_adminPasswordSet = false;
    QProcess *m_process = nullptr;
};

} // namespace Isp::Core
