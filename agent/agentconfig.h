// AgentConfig: everything one ispman-agent needs to know, from its configuration file
// (/etc/ispman/agent.conf, INI: [agent], [ldap], [dns], [web], [files], [mail], [mariadb]) with
// command-line flags over it. docs/agent.md lists every key with its default.
//
// Commands are configured as words separated by spaces, run without a shell; "%1", "%2" stand
// for the arguments the agent supplies (a zone name, a file), each kept as one argument.
#pragma once

#include "core/ldap/result.h"

#include <QString>
#include <QStringList>

#include <chrono>

namespace Isp::Agent {

struct AgentConfig
{
    // Who it is and where the directory is.
    QString hostName;          // default: this machine's name
    QStringList uris;          // tried in order (failover)
    QString base = QStringLiteral("o=ispman,dc=example,dc=com");
    QString bindDn;            // default: ispmanHostName=<hostName>,ou=hosts,<base>
    QString passwordFile;      // the agent's password (ispman host passwd)
    bool saslExternal = false; // bind as the peer over ldapi:// instead (root on the directory host)
    bool startTls = false;
    QString caFile;

    // Its own files.
    QString stateDir = QStringLiteral("/var/lib/ispman-agent"); // sync cookie, known processes
    QString root;              // prefixes every path it writes (tests, demos); empty in production

    // How it works.
    int workers = 4; // processes run at once (they mostly wait for the directory and external programs)
    std::chrono::seconds lease{300};           // a claimed process is another agent's again after this
    std::chrono::seconds retryInitial{5};      // backoff of failed processes: doubles per attempt...
    std::chrono::seconds retryMax{3600};       // ...up to this
    std::chrono::seconds reconcileInterval{3600}; // full reconcile; 0: only at start
    std::chrono::seconds heartbeatInterval{30};
    QString metricsAddress = QStringLiteral("127.0.0.1");
    int metricsPort = 9187; // /metrics and /healthz; 0: any free port, -1: off

    struct Dns
    {
        bool enabled = true;
        QString zonesDir = QStringLiteral("/var/lib/ispman/bind/zones");
        QString includeFile = QStringLiteral("/etc/bind/named.conf.ispman"); // included by named.conf
        QString checkZone = QStringLiteral("named-checkzone %1 %2");          // zone, file (its output is the message of a refusal)
        QString checkConf = QStringLiteral("named-checkconf %1");             // file
        QString reloadZone = QStringLiteral("rndc reload %1");                // zone
        QString reconfig = QStringLiteral("rndc reconfig");                   // after the zone list changed
    } dns;

    struct Web
    {
        bool enabled = true;
        QString vhostDir = QStringLiteral("/etc/apache2/ispman/vhosts"); // one <vhost>.conf per site
        QString test = QStringLiteral("apache2ctl -t");
        QString reload = QStringLiteral("apache2ctl graceful");
        QString listen = QStringLiteral("*:80"); // <VirtualHost ...> address when the site names none
        QString ldapUrl;      // protected locations: mod_authnz_ldap URL of the directory (default: the first of uris)
        QString ldapBindDn;   // the service account Apache searches web users with
        QString ldapPasswordFile;
    } web;

    struct Files
    {
        bool enabled = true; // homes and website folders (file servers)
        QStringList homeBases{QStringLiteral("/var/www"), QStringLiteral("/home")}; // homes may only be below these
        bool chown = true; // give directories to the object's uidNumber/gidNumber (needs root)
    } files;

    struct Mail
    {
        bool enabled = true; // maildirs (mail stores)
        QString root = QStringLiteral("/var/vmail"); // <root>/<domain>/<user>/Maildir
        QString owner = QStringLiteral("user");      // "user": the user's uidNumber/gidNumber, or "uid:gid"
    } mail;

    struct Mariadb
    {
        bool enabled = true;
        QString socket = QStringLiteral("/run/mysqld/mysqld.sock");
        QString user = QStringLiteral("root");
        QString passwordFile; // empty: unix_socket authentication
    } mariadb;

    // Reads an INI file over the defaults; the error names the line and key.
    static Core::Result<AgentConfig, QString> load(const QString &file);
    // Applies "section.key=value" (flags) over this; the error names the key.
    [[nodiscard]] QString set(const QString &sectionKey, const QString &value);
    // Fills what defaults from other values (bind DN from host and base); the error names what
    // is missing or wrong.
    [[nodiscard]] QString finish();
    [[nodiscard]] QString defaultBindDn() const;
};

} // namespace Isp::Agent
