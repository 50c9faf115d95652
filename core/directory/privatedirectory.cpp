#include "core/directory/privatedirectory.h"

#include "core/acl/slapdacl.h"

#include "core/ldap/ldapwait.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QTcpServer>
#include <QThread>
#include <QUrl>

#include <ldap.h>
#include <signal.h>
#include <sys/prctl.h>

Q_LOGGING_CATEGORY(lcDirectory, "isp.core.directory", QtWarningMsg)

namespace Isp::Core {

namespace {

// 24 characters from [A-Za-z0-9], 142 bits: safe to paste into a shell or a -w argument.
QByteArray randomSecret()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray out(24, Qt::Uninitialized);
    for (char &c : out)
        c = alphabet[QRandomGenerator::system()->bounded(int(sizeof(alphabet) - 1))];
    return out;
}

// {SSHA} for olcRootPW: slapd's own scheme, no slappasswd process needed.
QByteArray sshaHash(const QByteArray &password)
{
    QByteArray salt(8, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()), 2);
    const QByteArray digest = QCryptographicHash::hash(password + salt, QCryptographicHash::Sha1);
    return "{SSHA}" + (digest + salt).toBase64();
}

QByteArray resource(const QString &name, QString *error)
{
    QFile f(QStringLiteral(":/ispman/ldap/") + name);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("built-in resource %1 is missing").arg(name);
        return {};
    }
    return f.readAll();
}

bool writeFile(const QString &path, const QByteArray &data, QString *error, bool secret = false)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    if (secret)
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (f.write(data) != data.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool runTool(const QString &program, const QStringList &args, QString *error)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        *error = QStringLiteral("cannot run %1: %2").arg(program, p.errorString());
        return false;
    }
    p.waitForFinished(120000);
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("%1 %2 failed (exit %3): %4")
                     .arg(program, args.join(QLatin1Char(' ')))
                     .arg(p.exitCode())
                     .arg(QString::fromUtf8(p.readAll()).trimmed());
        return false;
    }
    return true;
}

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

// The base entry, whose object classes depend on its RDN attribute.
std::optional<QByteArray> baseEntryLdif(const LdapDn &base, QString *error)
{
    const QString attr = base.rdnAttribute().toLower();
    const QByteArray value = base.rdnValue().toUtf8();
    const QByteArray dn = "dn: " + base.toString().toUtf8() + "\n";
    // ispmanSchemaInfo records which version of the DIT layout this directory holds.
    const QByteArray info = "objectClass: ispmanSchemaInfo\nispmanSchemaVersion: 1\ndescription: ISPMan directory\n";
    if (attr == QLatin1String("o"))
        return dn + "objectClass: top\nobjectClass: organization\n" + info + "o: " + value + "\n\n";
    if (attr == QLatin1String("dc"))
        return dn + "objectClass: top\nobjectClass: dcObject\nobjectClass: organization\n" + info + "dc: " + value
               + "\no: " + value + "\n\n";
    if (attr == QLatin1String("ou"))
        return dn + "objectClass: top\nobjectClass: organizationalUnit\n" + info + "ou: " + value + "\n\n";
    *error = QStringLiteral("the base DN must start with o=, dc= or ou= (got %1)").arg(base.toString());
    return std::nullopt;
}

bool isPlainAscii(const QString &s)
{
    for (QChar c : s) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

} // namespace

PrivateDirectory::PrivateDirectory(PrivateDirectoryOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_port(m_options.port)
{
    m_options.directory = QDir(m_options.directory).absolutePath();
    m_adminPassword = m_options.adminPassword;
}

PrivateDirectory::~PrivateDirectory()
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        stop();
}

bool PrivateDirectory::toolsAvailable(QString *missing)
{
    const PrivateDirectoryOptions defaults;
    for (const QString &tool : {defaults.slapdPath, defaults.slapaddPath}) {
        if (!QFileInfo(tool).isExecutable()) {
            if (missing)
                *missing = tool;
            return false;
        }
    }
    return true;
}

std::unique_ptr<PrivateDirectory> PrivateDirectory::open(const QString &directory, QString *error)
{
    PrivateDirectoryOptions options;
    options.directory = directory;
    options.mode = PrivateDirectoryOptions::Mode::Detached;
    auto dir = std::make_unique<PrivateDirectory>(options);
    if (!dir->loadInstanceFile(error))
        return nullptr;
    return dir;
}

QString PrivateDirectory::path(const QString &relative) const
{
    return m_options.directory + QLatin1Char('/') + relative;
}

QString PrivateDirectory::certificateFile() const
{
    const QString file = path(QStringLiteral("tls/cert.pem"));
    return QFileInfo::exists(file) ? file : QString();
}

bool PrivateDirectory::createCertificate(QString *error)
{
    if (!QDir(m_options.directory).mkpath(QStringLiteral("tls"))) {
        *error = QStringLiteral("cannot create %1/tls").arg(m_options.directory);
        return false;
    }
    if (!runTool(m_options.opensslPath,
                 {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                  QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("3650"), QStringLiteral("-subj"),
                  QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                  QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost"), QStringLiteral("-keyout"),
                  path(QStringLiteral("tls/key.pem")), QStringLiteral("-out"), path(QStringLiteral("tls/cert.pem"))},
                 error))
        return false;
    QFile::setPermissions(path(QStringLiteral("tls/key.pem")), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

QString PrivateDirectory::uri() const
{
    return QStringLiteral("ldap://127.0.0.1:%1").arg(m_port);
}

QString PrivateDirectory::ldapiUri() const
{
    return QStringLiteral("ldapi://") + QString::fromLatin1(QUrl::toPercentEncoding(path(QStringLiteral("ldapi"))));
}

LdapDn PrivateDirectory::rootDn() const
{
    return m_options.base.child(QStringLiteral("cn"), QStringLiteral("root"));
}

LdapDn PrivateDirectory::adminDn() const
{
    return m_options.base.child(QStringLiteral("ou"), QStringLiteral("admins")).child(QStringLiteral("uid"), QStringLiteral("ispman"));
}

LdapConnectionSettings PrivateDirectory::rootSettings() const
{
    LdapConnectionSettings s;
    s.uris = QStringList{uri()};
    s.bindDn = rootDn().toString();
    s.password = m_rootPassword;
    return s;
}

LdapConnectionSettings PrivateDirectory::adminSettings() const
{
    LdapConnectionSettings s = rootSettings();
    s.bindDn = adminDn().toString();
    s.password = m_adminPassword;
    return s;
}

bool PrivateDirectory::saveInstanceFile(QString *error) const
{
    const QString file = path(QStringLiteral("instance.ini"));
    {
        QSettings ini(file, QSettings::IniFormat);
        ini.setValue(QStringLiteral("base"), m_options.base.toString());
        ini.setValue(QStringLiteral("port"), m_port);
        ini.setValue(QStringLiteral("serverId"), m_options.serverId);
        ini.setValue(QStringLiteral("rootDn"), rootDn().toString());
        ini.setValue(QStringLiteral("rootPassword"), QString::fromLatin1(m_rootPassword));
        ini.setValue(QStringLiteral("adminDn"), adminDn().toString());
        ini.setValue(QStringLiteral("adminPassword"), QString::fromUtf8(m_adminPassword));
        ini.setValue(QStringLiteral("adminPasswordSet"), m_adminPasswordSet);
        ini.sync();
        if (ini.status() != QSettings::NoError) {
            *error = QStringLiteral("cannot write %1").arg(file);
            return false;
        }
    }
    QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

bool PrivateDirectory::loadInstanceFile(QString *error)
{
    const QString file = path(QStringLiteral("instance.ini"));
    if (!QFileInfo::exists(file)) {
        *error = QStringLiteral("%1 holds no ISPMan directory (no instance.ini)").arg(m_options.directory);
        return false;
    }
    QSettings ini(file, QSettings::IniFormat);
    auto base = LdapDn::parse(ini.value(QStringLiteral("base")).toString());
    if (!base) {
        *error = QStringLiteral("%1: bad base DN").arg(file);
        return false;
    }
    m_options.base = *base;
    m_port = quint16(ini.value(QStringLiteral("port")).toUInt());
    m_options.port = m_port;
    m_options.serverId = ini.value(QStringLiteral("serverId"), 1).toInt();
    m_rootPassword = ini.value(QStringLiteral("rootPassword")).toString().toLatin1();
    if (m_options.adminPassword.isEmpty())
        m_adminPassword = ini.value(QStringLiteral("adminPassword")).toString().toUtf8();
    m_adminPasswordSet = ini.value(QStringLiteral("adminPasswordSet")).toBool();
    return true;
}

bool PrivateDirectory::create(QString *error)
{
    const QString base = m_options.base.toString();
    if (!isPlainAscii(base) || m_options.base.isEmpty()) {
        *error = QStringLiteral("the base DN must be non-empty printable ASCII (got %1)").arg(base);
        return false;
    }
    // Everything that can be refused is checked before the first file is written.
    const auto baseEntry = baseEntryLdif(m_options.base, error);
    if (!baseEntry)
        return false;
    QDir dir(m_options.directory);
    for (const char *sub : {"slapd.d", "db", "accesslog", "run", "schema"}) {
        if (!dir.mkpath(QLatin1String(sub))) {
            *error = QStringLiteral("cannot create %1/%2").arg(m_options.directory, QLatin1String(sub));
            return false;
        }
    }
    QFile::setPermissions(m_options.directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    for (const char *schema : {"ispman.ldif", "dnszone.ldif", "pureftpd.ldif"}) {
        const QByteArray data = resource(QStringLiteral("schema/") + QLatin1String(schema), error);
        if (data.isEmpty() || !writeFile(path(QStringLiteral("schema/")) + QLatin1String(schema), data, error))
            return false;
    }
    m_rootPassword = randomSecret();
    if (m_adminPassword.isEmpty())
        m_adminPassword = randomSecret();

    if (m_options.tls && !createCertificate(error))
        return false;
    QByteArray config = resource(QStringLiteral("slapd.ldif.in"), error);
    if (config.isEmpty())
        return false;
    QByteArray access;
    const QStringList rules = Acl::slapdAccessRules(m_options.base);
    for (qsizetype i = 0; i < rules.size(); ++i)
        access += "olcAccess: {" + QByteArray::number(i) + '}' + rules.at(i).toUtf8() + '\n';
    const QList<std::pair<const char *, QByteArray>> substitutions = {
        {"@@ACCESS@@", access},
        {"@@DIR@@", m_options.directory.toUtf8()},
        {"@@MODULE_PATH@@", "/usr/lib/ldap"},
        {"@@SYSTEM_SCHEMA_DIR@@", "/etc/ldap/schema"},
        {"@@ISPMAN_SCHEMA_DIR@@", path(QStringLiteral("schema")).toUtf8()},
        {"@@SUFFIX@@", base.toUtf8()},
        {"@@ROOT_DN@@", rootDn().toString().toUtf8()},
        {"@@ROOT_PW@@", sshaHash(m_rootPassword)},
        {"@@CONFIG_PW@@", sshaHash(m_rootPassword)},
        {"@@SERVER_ID@@", QByteArray::number(m_options.serverId)},
        {"@@MAX_SIZE@@", QByteArray::number(m_options.maxSizeBytes)},
        {"@@TLS_CONFIG@@", m_options.tls ? "olcTLSCertificateFile: " + path(QStringLiteral("tls/cert.pem")).toUtf8()
                                                + "\nolcTLSCertificateKeyFile: " + path(QStringLiteral("tls/key.pem")).toUtf8() + "\n"
                                          : QByteArray()},
    };
    for (const auto &[key, value] : substitutions)
        config.replace(key, value);
    if (!writeFile(path(QStringLiteral("config.ldif")), config, error, true))
        return false;

    QByteArray bootstrap = resource(QStringLiteral("bootstrap.ldif.in"), error);
    if (bootstrap.isEmpty())
        return false;
    // The base entry depends on the base DN's RDN type, so it is made here, not in the file.
    const QList<QByteArray> records = bootstrap.split('\n');
    QByteArray withoutBase;
    bool skipping = false;
    for (const QByteArray &line : records) {
        if (line.startsWith("dn:"))
            skipping = line.trimmed() == "dn: @@SUFFIX@@";
        if (!skipping)
            withoutBase += line + '\n';
    }
    bootstrap = withoutBase;
    bootstrap.replace("@@SUFFIX_RDN_VALUE@@", m_options.base.rdnValue().toUtf8());
    bootstrap.replace("@@SUFFIX@@", base.toUtf8());
    bootstrap.prepend(*baseEntry);
    if (!writeFile(path(QStringLiteral("bootstrap.ldif")), bootstrap, error))
        return false;

    if (!runTool(m_options.slapaddPath,
                 {QStringLiteral("-q"), QStringLiteral("-n0"), QStringLiteral("-F"), path(QStringLiteral("slapd.d")),
                  QStringLiteral("-l"), path(QStringLiteral("config.ldif"))},
                 error))
        return false;
    if (!runTool(m_options.slapaddPath,
                 {QStringLiteral("-q"), QStringLiteral("-F"), path(QStringLiteral("slapd.d")), QStringLiteral("-b"), base,
                  QStringLiteral("-l"), path(QStringLiteral("bootstrap.ldif"))},
                 error))
        return false;
    if (m_options.sampleData) {
        QByteArray sample = resource(QStringLiteral("sample.ldif.in"), error);
        if (sample.isEmpty())
            return false;
        sample.replace("@@SUFFIX@@", base.toUtf8());
        if (!writeFile(path(QStringLiteral("sample.ldif")), sample, error))
            return false;
        if (!runTool(m_options.slapaddPath,
                     {QStringLiteral("-q"), QStringLiteral("-F"), path(QStringLiteral("slapd.d")), QStringLiteral("-b"),
                      base, QStringLiteral("-l"), path(QStringLiteral("sample.ldif"))},
                     error))
            return false;
    }
    if (m_port == 0)
        m_port = freeLoopbackPort();
    return saveInstanceFile(error);
}

bool PrivateDirectory::start(QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    if (isRunning()) {
        *error = QStringLiteral("the directory in %1 is already running").arg(m_options.directory);
        return false;
    }
    const bool exists = QFileInfo::exists(path(QStringLiteral("slapd.d/cn=config.ldif")));
    if (exists) {
        const QByteArray wantedAdminPassword = m_options.adminPassword;
        if (!loadInstanceFile(error))
            return false;
        if (m_options.port != 0 && m_port != m_options.port)
            m_port = m_options.port;
        if (!wantedAdminPassword.isEmpty() && wantedAdminPassword != m_adminPassword) {
            m_adminPassword = wantedAdminPassword;
            m_adminPasswordSet = false;
        }
    } else if (!create(error)) {
        return false;
    }
    // A port chosen by us may have been taken meanwhile: pick another and retry a few times.
    for (int attempt = 0;; ++attempt) {
        if (launch(error) && waitUntilResponding(error))
            break;
        const bool mayRetry = m_options.port == 0 && attempt < 4 && !isRunning();
        if (!mayRetry) {
            stop();
            return false;
        }
        m_port = freeLoopbackPort();
    }
    if (!m_adminPasswordSet && !setAdminPassword(error)) {
        stop();
        return false;
    }
    if (!exists && m_options.sampleData && !joinSampleHostGroups(error)) {
        stop();
        return false;
    }
    return saveInstanceFile(error);
}

bool PrivateDirectory::launch(QString *error)
{
    const QString urls = uri() + QStringLiteral("/ ") + ldapiUri();
    const QStringList common = {QStringLiteral("-h"), urls, QStringLiteral("-F"), path(QStringLiteral("slapd.d"))};
    QFile::remove(path(QStringLiteral("run/slapd.pid")));
    if (m_options.mode == PrivateDirectoryOptions::Mode::Child) {
        delete m_process;
        m_process = new QProcess(this);
        m_process->setProgram(m_options.slapdPath);
        m_process->setArguments(QStringList{QStringLiteral("-d"), QStringLiteral("0")} + common);
        m_process->setStandardOutputFile(path(QStringLiteral("slapd.log")), QIODevice::Append);
        m_process->setStandardErrorFile(path(QStringLiteral("slapd.log")), QIODevice::Append);
        // If the test that owns it crashes, slapd goes too instead of lingering on its port.
        m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_process->start();
        if (!m_process->waitForStarted(5000)) {
            *error = QStringLiteral("cannot start %1: %2").arg(m_options.slapdPath, m_process->errorString());
            return false;
        }
        return true;
    }
    // Detached: slapd forks into the background and writes run/slapd.pid.
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(m_options.slapdPath, common);
    if (!p.waitForFinished(int(m_options.startTimeout.count())) || p.exitCode() != 0) {
        *error = QStringLiteral("slapd did not start (exit %1): %2").arg(p.exitCode()).arg(QString::fromUtf8(p.readAll()));
        return false;
    }
    return true;
}

bool PrivateDirectory::isResponding() const
{
    if (m_port == 0)
        return false;
    LDAP *ld = nullptr;
    if (ldap_initialize(&ld, uri().toUtf8().constData()) != LDAP_SUCCESS)
        return false;
    const int version = LDAP_VERSION3;
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    const timeval tv{0, 500000};
    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
    QByteArray dn = rootDn().toString().toUtf8();
    QByteArray pw = m_rootPassword;
    berval cred{ber_len_t(pw.size()), pw.data()};
    const int rc = ldap_sasl_bind_s(ld, dn.constData(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr, nullptr);
    ldap_unbind_ext(ld, nullptr, nullptr);
    return rc == LDAP_SUCCESS;
}

bool PrivateDirectory::waitUntilResponding(QString *error)
{
    QDeadlineTimer deadline(m_options.startTimeout);
    while (!deadline.hasExpired()) {
        if (isResponding())
            return true;
        if (m_options.mode == PrivateDirectoryOptions::Mode::Child && m_process
            && m_process->state() == QProcess::NotRunning) {
            QFile log(path(QStringLiteral("slapd.log")));
            log.open(QIODevice::ReadOnly);
            const QByteArray all = log.readAll();
            *error = QStringLiteral("slapd exited during start-up (exit %1): %2")
                         .arg(m_process->exitCode())
                         .arg(QString::fromUtf8(all.right(2000)).trimmed());
            return false;
        }
        QThread::msleep(5);
    }
    *error = QStringLiteral("slapd did not answer a bind on %1 within %2 ms").arg(uri()).arg(m_options.startTimeout.count());
    return false;
}

bool PrivateDirectory::setAdminPassword(QString *error)
{
    LdapConnection conn(rootSettings());
    auto r = ldapWait<QByteArray>([&](QObject *ctx, auto done) {
        conn.passwordModify(adminDn(), std::nullopt, m_adminPassword, ctx, done);
    });
    if (!r.ok()) {
        *error = QStringLiteral("cannot set the admin password: %1").arg(r.error().toString());
        return false;
    }
    m_adminPasswordSet = true;
    return true;
}

bool PrivateDirectory::joinSampleHostGroups(QString *error)
{
    // slapadd cannot modify the bootstrap's groups, so the sample hosts join them here: the demo
    // can then add domains, whose work goes to these groups.
    const QList<std::pair<const char *, const char *>> members = {
        {"dnsgroup", "ns1.example.net"},         {"smtpgroup", "mail1.example.net"},  {"mailstoregroup", "mail1.example.net"},
        {"httpgroup", "web1.example.net"},       {"fileservergroup", "web1.example.net"}, {"databasegroup", "web1.example.net"},
        {"webmailgroup", "web1.example.net"}};
    LdapConnection conn(rootSettings());
    for (const auto &[group, host] : members) {
        const LdapDn dn = m_options.base.child(QStringLiteral("ou"), QStringLiteral("hostgroups"))
                              .child(QStringLiteral("ispmanHostGroupName"), QLatin1String(group));
        auto r = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) {
            conn.modify(dn, {LdapModification::add(QStringLiteral("ispmanHostGroupMember"), {QByteArray(host)})}, ctx, done);
        });
        if (!r.ok()) {
            *error = QStringLiteral("cannot put the sample hosts into their groups: %1").arg(r.error().toString());
            return false;
        }
    }
    return true;
}

qint64 PrivateDirectory::pidFromFile() const
{
    QFile f(path(QStringLiteral("run/slapd.pid")));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readAll().trimmed().toLongLong();
}

qint64 PrivateDirectory::pid() const
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        return m_process->processId();
    return pidFromFile();
}

bool PrivateDirectory::isRunning() const
{
    if (m_process)
        return m_process->state() != QProcess::NotRunning;
    const qint64 p = pidFromFile();
    return p > 0 && ::kill(pid_t(p), 0) == 0;
}

bool PrivateDirectory::stop(QString *error)
{
    if (m_process) {
        if (m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            if (!m_process->waitForFinished(10000)) {
                m_process->kill();
                m_process->waitForFinished(5000);
            }
        }
        return true;
    }
    const qint64 p = pidFromFile();
    if (p <= 0 || ::kill(pid_t(p), 0) != 0)
        return true;
    ::kill(pid_t(p), SIGTERM);
    QDeadlineTimer deadline(10000);
    while (::kill(pid_t(p), 0) == 0 && !deadline.hasExpired())
        QThread::msleep(10);
    if (::kill(pid_t(p), 0) == 0) {
        ::kill(pid_t(p), SIGKILL);
        if (error)
            *error = QStringLiteral("slapd (pid %1) did not stop on SIGTERM; killed").arg(p);
        return false;
    }
    return true;
}

void PrivateDirectory::kill()
{
    if (m_process) {
        m_process->kill();
        m_process->waitForFinished(5000);
        return;
    }
    const qint64 p = pidFromFile();
    if (p > 0)
        ::kill(pid_t(p), SIGKILL);
}

} // namespace Isp::Core
