// PanelConfig: everything one ispman-panel process needs, from its configuration file
// (/etc/ispman/panel.conf, INI: [panel], [ldap]) with command-line flags over it.
// docs/panel.md lists every key with its default.
#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <chrono>

namespace Isp::Panel {

struct PanelConfig
{
    // Where it listens.
    QString listen = QStringLiteral("127.0.0.1");
    int port = 8443;             // 0: any free port (tests, demo)
    QString tlsCertificate;      // PEM; with tlsKey: serve HTTPS
    QString tlsKey;
    // A reverse proxy that terminates TLS: its address(es); X-Forwarded-For and
    // X-Forwarded-Proto are believed only from these.
    QStringList trustedProxies;

    // The directory.
    QStringList uris;
    QString base = QStringLiteral("o=ispman,dc=example,dc=com");
    QString bindDn;              // default: cn=panel,ou=services,<base>
    QString passwordFile;        // the service account's password (ispman service passwd panel)
    bool startTls = false;
    QString caFile;

    // Sessions.
    QString secretFile;          // HMAC key shared by every instance (ispman-panel --new-secret FILE)
    std::chrono::minutes sessionIdle{30};  // a session unused this long has expired
    std::chrono::hours sessionMax{12};     // and none lives longer than this
    int workers = 4;             // LDAP worker threads
    int loginFailuresPerAccount = 5;   // within loginWindow, then refused until the window passes
    int loginFailuresPerAddress = 20;
    std::chrono::minutes loginWindow{15};
    QString accessLog;           // file; empty: the isp.panel.access log category (journal)
    QString templatesDir;        // override of the compiled-in templates (development)

    // Reads `file` over the defaults; false and `error` when it cannot be read or a value is wrong.
    bool load(const QString &file, QString *error);
    // One "section.key=value" setting (the --set flag and each line of the file).
    bool set(const QString &section, const QString &key, const QString &value, QString *error);
    // Fills the defaults that depend on other values and checks the whole; an error message or empty.
    QString finish();
};

} // namespace Isp::Panel
