#include "cli/aclcommands.h"

#include "core/directory/privatedirectory.h"
#include "core/ops/aclops.h"
#include "core/ops/adminops.h"

#include <CLI/CLI.hpp>

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace Isp::Cli {

using namespace Core;

namespace {

// The identity that may change cn=config: root over the ldapi socket (SASL EXTERNAL), of the
// private directory when --directory is given, else of --config-uri (default ldapi:///).
OpResult<std::unique_ptr<DirectorySession>> openConfigSession(const GlobalOptions &o, const std::string &configUri, const LdapDn &base)
{
    LdapConnectionSettings s;
    QString directory = qs(o.directory);
    if (directory.isEmpty())
        directory = qEnvironmentVariable("ISPMAN_DIRECTORY");
    if (!directory.isEmpty() && configUri.empty()) {
        QString error;
        auto d = PrivateDirectory::open(directory, &error);
        if (!d)
            return OpError::invalid(QStringLiteral("directory"), QStringLiteral("directory: ") + error);
        s.uris = {d->ldapiUri()};
    } else {
        s.uris = {configUri.empty() ? QStringLiteral("ldapi:///") : qs(configUri)};
    }
    s.bindMethod = LdapConnectionSettings::BindMethod::SaslExternal;
    s.autoReconnect = false;
    s.operationTimeout = std::chrono::seconds(60);
    auto session = std::make_unique<DirectorySession>(s, Dit(base));
    auto me = session->whoAmI();
    if (!me.ok())
        return OpError::directory(me.error());
    return session;
}

} // namespace

void addAclCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string output, database = "olcDatabase={2}mdb,cn=config", configUri;
    };
    auto a = std::make_shared<Args>();
    CLI::App *acl = app.add_subcommand("acl", "slapd access rules generated from the permissions model (docs/permissions.md)");
    acl->require_subcommand(1);

    CLI::App *generate = acl->add_subcommand("generate", "Print the rules as an LDIF change of cn=config (for ldapmodify -Y EXTERNAL); they rely on the administrator level groups cn=level-30/70/100,ou=admins, which `acl apply` creates and repairs");
    generate->add_option("--output", a->output, "Write to this file instead of stdout");
    generate->add_option("--database", a->database, "The cn=config entry of the ISP's database");
    generate->callback([a, &o, &exitCode] {
        exitCode = runOp(
            o, [](DirectorySession &s) { return AclOps::generate(s); },
            [&](const QStringList &rules) {
                const QString ldif = Acl::slapdAccessLdif(qs(a->database), rules);
                if (!a->output.empty()) {
                    QFile f(qs(a->output));
                    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(ldif.toUtf8()) < 0)
                        return fail(OpError::invalid(QStringLiteral("output"), QStringLiteral("output: cannot write %1: %2").arg(f.fileName(), f.errorString())));
                    return print(o, QJsonObject{{QStringLiteral("rules"), int(rules.size())}, {QStringLiteral("output"), f.fileName()}},
                                 QStringLiteral("%1 rules written to %2\n").arg(rules.size()).arg(f.fileName()));
                }
                return print(o, QJsonArray::fromStringList(rules), ldif);
            });
    });

    CLI::App *apply = acl->add_subcommand("apply", "Create or repair the administrator level groups, then generate the rules and install them in slapd (root over ldapi)");
    apply->add_option("--config-uri", a->configUri, "ldapi URI of the server's socket (default: the private directory's, else ldapi:///)");
    apply->callback([a, &o, &exitCode] {
        exitCode = runOp(
            o,
            [&](DirectorySession &s) -> OpResult<std::pair<QString, qsizetype>> {
                auto rules = AclOps::generate(s);
                if (!rules.ok())
                    return rules.error();
                // The rules grant levels through the level groups: make sure they exist and
                // match the administrators' levels before slapd starts relying on them.
                auto groups = AdminOps::repairGroups(s);
                if (!groups.ok())
                    return groups.error();
                auto config = openConfigSession(o, a->configUri, s.dit().base());
                if (!config.ok())
                    return config.error();
                auto db = AclOps::apply(**config, s.dit().base(), *rules);
                if (!db.ok())
                    return db.error();
                return std::pair{*db, rules->size()};
            },
            [&](const std::pair<QString, qsizetype> &done) {
                return print(o, QJsonObject{{QStringLiteral("database"), done.first}, {QStringLiteral("rules"), int(done.second)}},
                             QStringLiteral("%1 access rules installed in %2\n").arg(done.second).arg(done.first));
            });
    });
}

} // namespace Isp::Cli
