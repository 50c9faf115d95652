// `ispman user ...` and `ispman mailgroup ...` as an admin runs them against a private directory
// with the sample data: every command end to end with --json parsed back (and the plain text of
// one), the work queued for the hosts, a bind with the password set through the CLI, refusals
// with exit 1 and "ispman: <field>: ..." on stderr, usage errors with exit 2, and neither of them
// writing anything (slapd's accesslog counts every write), --help at every level.
#include "core/directory/privatedirectory.h"
#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapwait.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestUserCli : public QObject
{
    Q_OBJECT

private:
    QString m_bin;
    QTemporaryDir m_tmp;
    QString m_dir;
    LdapConnectionSettings m_admin;
    LdapDn m_base;
    std::unique_ptr<LdapConnection> m_conn;

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        [[nodiscard]] QJsonObject object() const { return QJsonDocument::fromJson(out).object(); }
        [[nodiscard]] QJsonArray array() const { return QJsonDocument::fromJson(out).array(); }
    };

    Run exec(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        p.start(m_bin, args);
        p.write(stdinData);
        p.closeWriteChannel();
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    Run ispman(const QStringList &args, const QByteArray &stdinData = {})
    {
        return exec(QStringList { u"--directory"_s, m_dir, u"--json"_s } + args, stdinData);
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile f(m_tmp.path() + u'/' + name);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write(content);
        return f.fileName();
    }

    // Successful writes so far: slapd's accesslog overlay records every one under cn=accesslog.
    int writeCount()
    {
        LdapSearchRequest r;
        r.base = LdapDn::fromTrusted(u"cn=accesslog");
        r.scope = LdapScope::OneLevel;
        r.filter = LdapFilter::objectClass(u"auditWriteObject"_s);
        r.attributes = QStringList { u"1.1"_s };
        r.pageSize = 1000;
        r.discardEntries = true;
        auto res = ldapWait<LdapSearchResult>([&](QObject *ctx, auto done) { m_conn->search(r, ctx, done); });
        return res.ok() ? int(res->entryCount) : -1;
    }

    bool canBind(const QString &dn, const QByteArray &password)
    {
        LdapConnectionSettings s = m_admin;
        s.bindDn = dn;
        s.password = password;
        s.autoReconnect = false;
        LdapConnection c(s);
        return ldapWait<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); }).ok();
    }

    // "process@host" of the work queued for one object, sorted.
    QStringList workFor(const QString &uid)
    {
        Run r = ispman({ u"process"_s, u"list"_s, u"--domain"_s, u"example.com"_s });
        QStringList out;
        const QString target = u"uid="_s + uid + u',';
        for (const QJsonValue &v : r.array()) {
            const QJsonObject p = v.toObject();
            if (p.value(u"target"_s).toString().startsWith(target))
                out << p.value(u"process"_s).toString() + u'@' + p.value(u"host"_s).toString();
        }
        out.sort();
        return out;
    }

    static QStringList strings(const QJsonValue &v)
    {
        QStringList out;
        for (const QJsonValue &s : v.toArray())
            out << s.toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bin = qEnvironmentVariable("ISPMAN_BIN");
        QVERIFY2(QFileInfo(m_bin).isExecutable(), "ISPMAN_BIN must name the built ispman binary");
        QString missing;
        if (!PrivateDirectory::toolsAvailable(&missing))
            QSKIP(qPrintable(u"slapd is not installed: "_s + missing));
        QVERIFY(m_tmp.isValid());
        m_dir = m_tmp.path() + u"/directory"_s;
        Run started = exec({ u"directory"_s, u"start"_s, u"--dir"_s, m_dir, u"--sample"_s, u"--json"_s });
        QVERIFY2(started.exitCode == 0, started.err.constData());
        QString error;
        auto instance = PrivateDirectory::open(m_dir, &error);
        QVERIFY2(instance, qPrintable(error));
        m_admin = instance->adminSettings();
        m_base = instance->base();
        m_conn = std::make_unique<LdapConnection>(m_admin);
        QVERIFY(writeCount() > 0);
    }

    void cleanupTestCase()
    {
        m_conn.reset();
        if (!m_dir.isEmpty())
            exec({ u"directory"_s, u"stop"_s, u"--dir"_s, m_dir });
    }

    void userLifecycle()
    {
        const QString pw = writeFile(u"mia.pw"_s, "mia-secret-1\n");
        const int writes = writeCount();
        Run added = ispman({ u"user"_s, u"add"_s, u"Mia.Moss@Example.com"_s, u"--password-file"_s, pw,
            u"--given-name"_s, u"Mia"_s, u"--surname"_s, u"Moss"_s, u"--mail-quota"_s, u"20"_s, u"--ftp-quota"_s,
            u"3"_s, u"--forward"_s, u"mia@elsewhere.example"_s });
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QVERIFY(writeCount() > writes); // the accesslog sees writes (the refusal tests rely on it)
        const QJsonObject u = added.object();
        QCOMPARE(u.value(u"address"_s).toString(), u"mia.moss@example.com"_s);
        QCOMPARE(u.value(u"uid"_s).toString(), u"mia_moss_example_com"_s);
        QCOMPARE(u.value(u"userId"_s).toString(), u"mia.moss"_s);
        QCOMPARE(u.value(u"domain"_s).toString(), u"example.com"_s);
        QCOMPARE(u.value(u"givenName"_s).toString(), u"Mia"_s);
        QCOMPARE(u.value(u"surname"_s).toString(), u"Moss"_s);
        QCOMPARE(u.value(u"mailbox"_s).toBool(), true);
        QCOMPARE(u.value(u"mailHost"_s).toString(), u"mail1.example.net"_s);
        QCOMPARE(u.value(u"mailQuotaKiB"_s).toInteger(), qint64(20 * 1024));
        QCOMPARE(u.value(u"ftpQuotaMBytes"_s).toInt(), 3);
        QCOMPARE(u.value(u"ftpEnabled"_s).toBool(), true);
        QCOMPARE(u.value(u"suspended"_s).toBool(), false);
        QCOMPARE(strings(u.value(u"forwards"_s)), QStringList { u"mia@elsewhere.example"_s });
        QCOMPARE(u.value(u"homeDirectory"_s).toString(), u"/var/www/example.com/users/mia_moss_example_com"_s);
        QVERIFY(!added.out.contains("mia-secret-1"));
        QCOMPARE(workFor(u"mia_moss_example_com"_s),
            (QStringList { u"createHomeDirectory@web1.example.net"_s, u"createMailbox@mail1.example.net"_s }));
        const QString dn = u"uid=mia_moss_example_com,ou=users,ispmanDomain=example.com,"_s + m_base.toString();
        QVERIFY(canBind(dn, "mia-secret-1"));

        Run shown = ispman({ u"user"_s, u"show"_s, u"mia.moss@example.com"_s });
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        QCOMPARE(shown.object(), u);
        Run text = exec({ u"--directory"_s, m_dir, u"user"_s, u"show"_s, u"mia.moss@example.com"_s });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.startsWith("user mia.moss@example.com (mia_moss_example_com)\n"), text.out.constData());
        QVERIFY(text.out.contains("on mail1.example.net, quota 20 MB"));

        Run listed = ispman({ u"user"_s, u"list"_s, u"example.com"_s });
        QCOMPARE(listed.exitCode, 0);
        QStringList addresses;
        for (const QJsonValue &v : listed.array())
            addresses << v.toObject().value(u"address"_s).toString();
        QVERIFY(addresses.contains(u"mia.moss@example.com"_s));
        QVERIFY(addresses.contains(u"john@example.com"_s));
        QStringList sorted = addresses;
        sorted.sort();
        QCOMPARE(addresses, sorted);
        QCOMPARE(ispman({ u"user"_s, u"list"_s, u"example.net"_s }).array(), QJsonArray()); // a replica has none

        Run edited = ispman({ u"user"_s, u"edit"_s, u"mia.moss@example.com"_s, u"--given-name"_s, u"Amelia"_s,
            u"--mail-quota"_s, u"30"_s, u"--ftp"_s, u"disabled"_s });
        QVERIFY2(edited.exitCode == 0, edited.err.constData());
        QCOMPARE(edited.object().value(u"givenName"_s).toString(), u"Amelia"_s);
        QCOMPARE(edited.object().value(u"surname"_s).toString(), u"Moss"_s);
        QCOMPARE(edited.object().value(u"mailQuotaKiB"_s).toInteger(), qint64(30 * 1024));
        QCOMPARE(edited.object().value(u"ftpEnabled"_s).toBool(), false);
        QCOMPARE(edited.object().value(u"ftpQuotaMBytes"_s).toInt(), 3);
        // An empty value clears a name.
        Run cleared = ispman({ u"user"_s, u"edit"_s, u"mia.moss@example.com"_s, u"--given-name"_s, QString() });
        QVERIFY2(cleared.exitCode == 0, cleared.err.constData());
        QCOMPARE(cleared.object().value(u"givenName"_s).toString(), QString());

        const QString pw2 = writeFile(u"mia2.pw"_s, "mia-secret-2\n");
        Run passwd = ispman({ u"user"_s, u"passwd"_s, u"mia.moss@example.com"_s, u"--password-file"_s, pw2 });
        QVERIFY2(passwd.exitCode == 0, passwd.err.constData());
        QCOMPARE(passwd.object().value(u"passwordSet"_s).toString(), u"mia.moss@example.com"_s);
        QVERIFY(!passwd.out.contains("mia-secret"));
        QVERIFY(canBind(dn, "mia-secret-2"));
        QVERIFY(!canBind(dn, "mia-secret-1"));

        Run suspended = ispman({ u"user"_s, u"suspend"_s, u"mia.moss@example.com"_s });
        QVERIFY2(suspended.exitCode == 0, suspended.err.constData());
        QCOMPARE(suspended.object().value(u"suspended"_s).toBool(), true);
        QCOMPARE(suspended.object().value(u"ftpEnabled"_s).toBool(), false);
        Run ftpOn = ispman({ u"user"_s, u"edit"_s, u"mia.moss@example.com"_s, u"--ftp"_s, u"enabled"_s });
        QCOMPARE(ftpOn.exitCode, 1);
        QVERIFY2(ftpOn.err.contains("suspended"), ftpOn.err.constData());
        Run resumed = ispman({ u"user"_s, u"resume"_s, u"mia.moss@example.com"_s });
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QCOMPARE(resumed.object().value(u"suspended"_s).toBool(), false);
        QCOMPARE(resumed.object().value(u"ftpEnabled"_s).toBool(), true);

        Run deleted = ispman({ u"user"_s, u"delete"_s, u"mia.moss@example.com"_s });
        QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        QCOMPARE(deleted.object().value(u"deleted"_s).toString(), u"mia.moss@example.com"_s);
        QCOMPARE(workFor(u"mia_moss_example_com"_s),
            (QStringList { u"createHomeDirectory@web1.example.net"_s, u"createMailbox@mail1.example.net"_s,
                u"deleteHomeDirectory@web1.example.net"_s, u"deleteMailbox@mail1.example.net"_s }));
        Run gone = ispman({ u"user"_s, u"show"_s, u"mia.moss@example.com"_s });
        QCOMPARE(gone.exitCode, 1);
        QVERIFY2(gone.err.startsWith("ispman: user mia.moss@example.com does not exist"), gone.err.constData());
        QVERIFY(!canBind(dn, "mia-secret-2"));
    }

    void aliasesAndForwards()
    {
        Run fwd = ispman({ u"user"_s, u"add"_s, u"fwd@example.com"_s, u"--no-mailbox"_s, u"--forward"_s,
            u"one@elsewhere.example"_s });
        QVERIFY2(fwd.exitCode == 0, fwd.err.constData());
        QCOMPARE(fwd.object().value(u"mailbox"_s).toBool(), false);
        QCOMPARE(fwd.object().value(u"mailHost"_s).toString(), QString());
        QCOMPARE(workFor(u"fwd_example_com"_s), QStringList { u"createHomeDirectory@web1.example.net"_s });

        Run two = ispman({ u"user"_s, u"forward"_s, u"add"_s, u"fwd@example.com"_s, u"two@elsewhere.example"_s });
        QVERIFY2(two.exitCode == 0, two.err.constData());
        QCOMPARE(strings(two.object().value(u"forwards"_s)),
            (QStringList { u"one@elsewhere.example"_s, u"two@elsewhere.example"_s }));
        Run one = ispman({ u"user"_s, u"forward"_s, u"remove"_s, u"fwd@example.com"_s, u"ONE@elsewhere.example"_s });
        QVERIFY2(one.exitCode == 0, one.err.constData());
        QCOMPARE(strings(one.object().value(u"forwards"_s)), QStringList { u"two@elsewhere.example"_s });
        const int writes = writeCount();
        Run last = ispman({ u"user"_s, u"forward"_s, u"remove"_s, u"fwd@example.com"_s, u"two@elsewhere.example"_s });
        QCOMPARE(last.exitCode, 1);
        QVERIFY2(last.err.startsWith("ispman: forward: fwd@example.com has no mailbox"), last.err.constData());
        QCOMPARE(writeCount(), writes);

        Run alias = ispman({ u"user"_s, u"alias"_s, u"add"_s, u"fwd@example.com"_s, u"Forwarder@Example.NET"_s });
        QVERIFY2(alias.exitCode == 0, alias.err.constData());
        QCOMPARE(strings(alias.object().value(u"aliases"_s)), QStringList { u"forwarder@example.net"_s });
        Run taken = ispman({ u"user"_s, u"alias"_s, u"add"_s, u"john@example.com"_s, u"forwarder@example.net"_s });
        QCOMPARE(taken.exitCode, 1);
        QVERIFY2(taken.err.startsWith("ispman: alias: the address forwarder@example.net is already in use"),
            taken.err.constData());
        Run unalias = ispman({ u"user"_s, u"alias"_s, u"remove"_s, u"fwd@example.com"_s, u"forwarder@example.net"_s });
        QVERIFY2(unalias.exitCode == 0, unalias.err.constData());
        QCOMPARE(unalias.object().value(u"aliases"_s).toArray(), QJsonArray());

        // The catch-all: one per domain.
        Run catchAll = ispman({ u"user"_s, u"alias"_s, u"add"_s, u"jane@example.com"_s, u"@example.com"_s });
        QVERIFY2(catchAll.exitCode == 0, catchAll.err.constData());
        QVERIFY(strings(catchAll.object().value(u"aliases"_s)).contains(u"@example.com"_s));
        Run second = ispman({ u"user"_s, u"alias"_s, u"add"_s, u"fwd@example.com"_s, u"@example.com"_s });
        QCOMPARE(second.exitCode, 1);
        QVERIFY(ispman({ u"user"_s, u"alias"_s, u"remove"_s, u"jane@example.com"_s, u"@example.com"_s }).exitCode == 0);

        QVERIFY(ispman({ u"user"_s, u"delete"_s, u"fwd@example.com"_s }).exitCode == 0);
        QCOMPARE(workFor(u"fwd_example_com"_s),
            (QStringList { u"createHomeDirectory@web1.example.net"_s, u"deleteHomeDirectory@web1.example.net"_s }));
    }

    void passwordFromStdin()
    {
        // "-": the first line of standard input; the rest is not part of it.
        const QString dn = u"uid=jane_example_com,ou=users,ispmanDomain=example.com,"_s + m_base.toString();
        Run passwd = ispman({ u"user"_s, u"passwd"_s, u"jane@example.com"_s, u"--password-file"_s, u"-"_s },
            "jane-stdin-1\r\nsecond line\n");
        QVERIFY2(passwd.exitCode == 0, passwd.err.constData());
        QVERIFY(!passwd.out.contains("jane-stdin"));
        QVERIFY(canBind(dn, "jane-stdin-1"));

        // An empty password is refused, not taken as "no password".
        const int writes = writeCount();
        Run empty = ispman({ u"user"_s, u"passwd"_s, u"jane@example.com"_s, u"--password-file"_s, u"-"_s }, "\n");
        QCOMPARE(empty.exitCode, 1);
        QVERIFY2(empty.err.startsWith("ispman: password-file: the password is empty"), empty.err.constData());
        QCOMPARE(writeCount(), writes);
        QVERIFY(canBind(dn, "jane-stdin-1"));
    }

    void importFromCsv()
    {
        // Quoted fields (a comma and doubled quotes inside), CRLF line ends, forwards separated by
        // ';' and by spaces, a forward-only row, columns in any order.
        const QByteArray csv = "Address,given-name,surname,password,mailbox,mail-quota,ftp,forwards\r\n"
                               "ann@example.com,Ann,\"Lee, Jr.\",ann-secret-1,yes,25,enabled,\r\n"
                               "\"bo@example.com\",\"Bo \"\"Bobby\"\"\",Berg,,,,disabled,"
                               "bo@elsewhere.example;bo2@elsewhere.example\r\n"
                               "fwd.only@example.com,,,,no,,,\"fo@elsewhere.example other@elsewhere.example\"\r\n";
        const QString file = writeFile(u"users.csv"_s, csv);
        Run imported = ispman({ u"user"_s, u"import"_s, file });
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const QJsonArray users = imported.array();
        QCOMPARE(users.size(), 3);
        QVERIFY(!imported.out.contains("ann-secret-1"));

        const QJsonObject ann = users.at(0).toObject();
        QCOMPARE(ann.value(u"address"_s).toString(), u"ann@example.com"_s);
        QCOMPARE(ann.value(u"givenName"_s).toString(), u"Ann"_s);
        QCOMPARE(ann.value(u"surname"_s).toString(), u"Lee, Jr."_s);
        QCOMPARE(ann.value(u"mailbox"_s).toBool(), true);
        QCOMPARE(ann.value(u"mailHost"_s).toString(), u"mail1.example.net"_s);
        QCOMPARE(ann.value(u"mailQuotaKiB"_s).toInteger(), qint64(25 * 1024));
        QCOMPARE(ann.value(u"ftpEnabled"_s).toBool(), true);
        QCOMPARE(strings(ann.value(u"forwards"_s)), QStringList());
        const QJsonObject bo = users.at(1).toObject();
        QCOMPARE(bo.value(u"address"_s).toString(), u"bo@example.com"_s);
        QCOMPARE(bo.value(u"givenName"_s).toString(), u"Bo \"Bobby\""_s);
        QCOMPARE(bo.value(u"ftpEnabled"_s).toBool(), false);
        QCOMPARE(
            strings(bo.value(u"forwards"_s)), (QStringList { u"bo@elsewhere.example"_s, u"bo2@elsewhere.example"_s }));
        const QJsonObject fwd = users.at(2).toObject();
        QCOMPARE(fwd.value(u"address"_s).toString(), u"fwd.only@example.com"_s);
        QCOMPARE(fwd.value(u"mailbox"_s).toBool(), false);
        QCOMPARE(fwd.value(u"mailHost"_s).toString(), QString());
        QCOMPARE(strings(fwd.value(u"forwards"_s)),
            (QStringList { u"fo@elsewhere.example"_s, u"other@elsewhere.example"_s }));

        // They exist as `user add` would have made them, with their work queued and passwords set.
        for (const QJsonValue &v : users) {
            Run shown = ispman({ u"user"_s, u"show"_s, v.toObject().value(u"address"_s).toString() });
            QVERIFY2(shown.exitCode == 0, shown.err.constData());
            QCOMPARE(shown.object(), v.toObject());
        }
        QCOMPARE(workFor(u"ann_example_com"_s),
            (QStringList { u"createHomeDirectory@web1.example.net"_s, u"createMailbox@mail1.example.net"_s }));
        QCOMPARE(workFor(u"bo_example_com"_s),
            (QStringList { u"createHomeDirectory@web1.example.net"_s, u"createMailbox@mail1.example.net"_s }));
        QCOMPARE(workFor(u"fwd_only_example_com"_s), QStringList { u"createHomeDirectory@web1.example.net"_s });
        QVERIFY(
            canBind(u"uid=ann_example_com,ou=users,ispmanDomain=example.com,"_s + m_base.toString(), "ann-secret-1"));

        // All or nothing: the same file again is refused as a whole, naming a row; nothing is written.
        int writes = writeCount();
        Run again = ispman({ u"user"_s, u"import"_s, file });
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.startsWith("ispman: row ") && again.err.contains("already in use"), again.err.constData());
        QVERIFY(again.out.isEmpty());
        QCOMPARE(writeCount(), writes);

        // A bad value names its row (the Nth user, not the line); the good rows before it stay unwritten.
        Run badRow = ispman(
            { u"user"_s, u"import"_s, u"-"_s }, "address,mail-quota\ncy@example.com,5\ndee@example.com,lots\n");
        QCOMPARE(badRow.exitCode, 1);
        QVERIFY2(badRow.err.startsWith("ispman: row 2: mail-quota:"), badRow.err.constData());
        QCOMPARE(writeCount(), writes);
        QCOMPARE(ispman({ u"user"_s, u"show"_s, u"cy@example.com"_s }).exitCode, 1);

        // A header that is not ours, broken CSV, a missing file: "file", nothing written.
        Run header = ispman({ u"user"_s, u"import"_s, writeFile(u"bad.csv"_s, "address,nickname\nx@example.com,x\n") });
        QCOMPARE(header.exitCode, 1);
        QVERIFY2(header.err.startsWith("ispman: file: line 1: unknown column \"nickname\""), header.err.constData());
        Run unclosed = ispman({ u"user"_s, u"import"_s, u"-"_s }, "address\n\"x@example.com\n");
        QCOMPARE(unclosed.exitCode, 1);
        QVERIFY2(unclosed.err.startsWith("ispman: file: line 2:"), unclosed.err.constData());
        Run missing = ispman({ u"user"_s, u"import"_s, m_tmp.path() + u"/none.csv"_s });
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.startsWith("ispman: file: cannot read"), missing.err.constData());
        QCOMPARE(writeCount(), writes);

        for (const QString &address : { u"ann@example.com"_s, u"bo@example.com"_s, u"fwd.only@example.com"_s })
            QCOMPARE(ispman({ u"user"_s, u"delete"_s, address }).exitCode, 0);
    }

    void mailGroups()
    {
        Run added = ispman({ u"mailgroup"_s, u"add"_s, u"Team@example.com"_s, u"--member"_s, u"a@example.org"_s,
            u"--member"_s, u"b@elsewhere.example"_s, u"--alias"_s, u"crew@example.com"_s });
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QJsonObject g = added.object();
        QCOMPARE(g.value(u"address"_s).toString(), u"team@example.com"_s);
        QCOMPARE(g.value(u"name"_s).toString(), u"team"_s);
        QCOMPARE(g.value(u"domain"_s).toString(), u"example.com"_s);
        QCOMPARE(strings(g.value(u"members"_s)), (QStringList { u"a@example.org"_s, u"b@elsewhere.example"_s }));
        QCOMPARE(strings(g.value(u"aliases"_s)), QStringList { u"crew@example.com"_s });
        QCOMPARE(ispman({ u"mailgroup"_s, u"show"_s, u"team@example.com"_s }).object(), g);
        Run listed = ispman({ u"mailgroup"_s, u"list"_s, u"example.com"_s });
        QCOMPARE(listed.exitCode, 0);
        QStringList names;
        for (const QJsonValue &v : listed.array())
            names << v.toObject().value(u"address"_s).toString();
        QCOMPARE(names, (QStringList { u"sales@example.com"_s, u"team@example.com"_s }));
        // Its addresses are taken for users.
        Run user = ispman({ u"user"_s, u"add"_s, u"crew@example.com"_s });
        QCOMPARE(user.exitCode, 1);
        QVERIFY2(
            user.err.startsWith("ispman: user: the address crew@example.com is already in use"), user.err.constData());

        Run member = ispman({ u"mailgroup"_s, u"member"_s, u"add"_s, u"team@example.com"_s, u"c@example.org"_s });
        QVERIFY2(member.exitCode == 0, member.err.constData());
        QCOMPARE(strings(member.object().value(u"members"_s)).size(), 3);
        Run removed = ispman({ u"mailgroup"_s, u"member"_s, u"remove"_s, u"team@example.com"_s, u"A@example.org"_s });
        QVERIFY2(removed.exitCode == 0, removed.err.constData());
        QCOMPARE(strings(removed.object().value(u"members"_s)),
            (QStringList { u"b@elsewhere.example"_s, u"c@example.org"_s }));
        Run alias = ispman({ u"mailgroup"_s, u"alias"_s, u"add"_s, u"team@example.com"_s, u"team@example.net"_s });
        QVERIFY2(alias.exitCode == 0, alias.err.constData());
        QCOMPARE(strings(alias.object().value(u"aliases"_s)),
            (QStringList { u"crew@example.com"_s, u"team@example.net"_s }));
        Run unalias = ispman({ u"mailgroup"_s, u"alias"_s, u"remove"_s, u"team@example.com"_s, u"crew@example.com"_s });
        QVERIFY2(unalias.exitCode == 0, unalias.err.constData());
        QCOMPARE(strings(unalias.object().value(u"aliases"_s)), QStringList { u"team@example.net"_s });
        Run text = exec({ u"--directory"_s, m_dir, u"mailgroup"_s, u"show"_s, u"team@example.com"_s });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.startsWith("mail group team@example.com\n"), text.out.constData());

        Run deleted = ispman({ u"mailgroup"_s, u"delete"_s, u"team@example.com"_s });
        QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        QCOMPARE(deleted.object().value(u"deleted"_s).toString(), u"team@example.com"_s);
        QCOMPARE(ispman({ u"mailgroup"_s, u"show"_s, u"team@example.com"_s }).exitCode, 1);
        // Its addresses are free again.
        Run crew = ispman({ u"user"_s, u"add"_s, u"crew@example.com"_s });
        QVERIFY2(crew.exitCode == 0, crew.err.constData());
        QVERIFY(ispman({ u"user"_s, u"delete"_s, u"crew@example.com"_s }).exitCode == 0);
    }

    void refusalsExitOneAndWriteNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message"); // how stderr starts, after "ispman: "
        const QString shortPw = writeFile(u"short.pw"_s, "short\n");
        const QString namePw = writeFile(u"name.pw"_s, "john@example.com\n");
        const QString goodPw = writeFile(u"good.pw"_s, "good-pass-1\n");
        QTest::newRow("user add: filter injection")
            << QStringList { u"user"_s, u"add"_s, u"*)(uid=*@example.com"_s } << u"user:"_s;
        QTest::newRow("user add: dots") << QStringList { u"user"_s, u"add"_s, u"a..b@example.com"_s } << u"user:"_s;
        QTest::newRow("user add: no domain") << QStringList { u"user"_s, u"add"_s, u"bob"_s } << u"user:"_s;
        QTest::newRow("user add: overlong")
            << QStringList { u"user"_s, u"add"_s, QString(65, u'a') + u"@example.com"_s } << u"user:"_s;
        QTest::newRow("user add: IDN local part")
            << QStringList { u"user"_s, u"add"_s, u"jöhn@example.com"_s } << u"user:"_s;
        QTest::newRow("user add: unknown domain")
            << QStringList { u"user"_s, u"add"_s, u"bob@nowhere.example"_s } << u"domain:"_s;
        QTest::newRow("user add: replica") << QStringList { u"user"_s, u"add"_s, u"bob@example.net"_s } << u"domain:"_s;
        QTest::newRow("user add: taken") << QStringList { u"user"_s, u"add"_s, u"JOHN@example.com"_s } << u"user:"_s;
        QTest::newRow("user add: alias taken")
            << QStringList { u"user"_s, u"add"_s, u"info@example.com"_s } << u"user:"_s;
        QTest::newRow("user add: mail quota") << QStringList { u"user"_s, u"add"_s, u"bob@example.com"_s,
            u"--mail-quota"_s, u"1e3"_s } << u"mail-quota:"_s;
        QTest::newRow("user add: negative quota")
            << QStringList { u"user"_s, u"add"_s, u"bob@example.com"_s, u"--ftp-quota=-1"_s } << u"ftp-quota:"_s;
        QTest::newRow("user add: unknown mail host")
            << QStringList { u"user"_s, u"add"_s, u"bob@example.com"_s, u"--mail-host"_s, u"nowhere.example.net"_s }
            << u"mail-host:"_s;
        QTest::newRow("user add: forward DN injection")
            << QStringList { u"user"_s, u"add"_s, u"bob@example.com"_s, u"--forward"_s, u"a,ou=admins@example.com"_s }
            << u"forward:"_s;
        QTest::newRow("user add: forward-only without forward")
            << QStringList { u"user"_s, u"add"_s, u"bob@example.com"_s, u"--no-mailbox"_s } << u"forward:"_s;
        QTest::newRow("user add: short password") << QStringList { u"user"_s, u"add"_s, u"bob@example.com"_s,
            u"--password-file"_s, shortPw } << u"password:"_s;
        QTest::newRow("user add: no such password file") << QStringList { u"user"_s, u"add"_s, u"bob@example.com"_s,
            u"--password-file"_s, m_tmp.path() + u"/none"_s }
                                                         << u"password-file:"_s;
        QTest::newRow("user add: empty password file") << QStringList { u"user"_s, u"add"_s, u"bob@example.com"_s,
            u"--password-file"_s, writeFile(u"empty.pw"_s, QByteArray()) }
                                                       << u"password-file: the password is empty"_s;
        QTest::newRow("user passwd: empty password file") << QStringList { u"user"_s, u"passwd"_s,
            u"john@example.com"_s, u"--password-file"_s, writeFile(u"newline.pw"_s, "\r\n") }
                                                          << u"password-file: the password is empty"_s;
        QTest::newRow("user passwd: nothing on stdin") << QStringList { u"user"_s, u"passwd"_s, u"john@example.com"_s,
            u"--password-file"_s, u"-"_s } << u"password-file: the password is empty"_s;
        QTest::newRow("user import: no such file")
            << QStringList { u"user"_s, u"import"_s, m_tmp.path() + u"/none.csv"_s } << u"file: cannot read"_s;
        QTest::newRow("user import: empty file")
            << QStringList { u"user"_s, u"import"_s, writeFile(u"empty.csv"_s, QByteArray()) } << u"file:"_s;
        QTest::newRow("user add: newline in name") << QStringList { u"user"_s, u"add"_s, u"bob@example.com"_s,
            u"--given-name"_s, u"Bob\nEve"_s } << u"given-name:"_s;
        QTest::newRow("user add: lost bytes in name") << QStringList { u"user"_s, u"add"_s, u"bob@example.com"_s,
            u"--surname"_s, u"B\ufffdb"_s } << u"surname:"_s;
        QTest::newRow("user show: unknown") << QStringList { u"user"_s, u"show"_s, u"ghost@example.com"_s }
                                            << u"user ghost@example.com does not exist"_s;
        QTest::newRow("user edit: quota") << QStringList { u"user"_s, u"edit"_s, u"john@example.com"_s,
            u"--mail-quota"_s, u"lots"_s } << u"mail-quota:"_s;
        QTest::newRow("user edit: mail host")
            << QStringList { u"user"_s, u"edit"_s, u"john@example.com"_s, u"--mail-host"_s, u"*"_s } << u"mail-host:"_s;
        QTest::newRow("user edit: unknown user") << QStringList { u"user"_s, u"edit"_s, u"ghost@example.com"_s,
            u"--surname"_s, u"X"_s } << u"user ghost@example.com does not exist"_s;
        QTest::newRow("user passwd: own name") << QStringList { u"user"_s, u"passwd"_s, u"john@example.com"_s,
            u"--password-file"_s, namePw } << u"password:"_s;
        QTest::newRow("user passwd: unknown user") << QStringList { u"user"_s, u"passwd"_s, u"ghost@example.com"_s,
            u"--password-file"_s, goodPw } << u"user ghost@example.com does not exist"_s;
        QTest::newRow("user suspend: unknown user") << QStringList { u"user"_s, u"suspend"_s, u"ghost@example.com"_s }
                                                    << u"user ghost@example.com does not exist"_s;
        QTest::newRow("user delete: injection")
            << QStringList { u"user"_s, u"delete"_s, u"*@example.com"_s } << u"user:"_s;
        QTest::newRow("user alias add: another user's")
            << QStringList { u"user"_s, u"alias"_s, u"add"_s, u"john@example.com"_s, u"jane@example.com"_s }
            << u"alias: the address jane@example.com is already in use"_s;
        QTest::newRow("user alias add: a group's")
            << QStringList { u"user"_s, u"alias"_s, u"add"_s, u"john@example.com"_s, u"sales@example.com"_s }
            << u"alias: the address sales@example.com is already in use"_s;
        QTest::newRow("user alias add: other domain")
            << QStringList { u"user"_s, u"alias"_s, u"add"_s, u"john@example.com"_s, u"john@example.org"_s }
            << u"alias:"_s;
        QTest::newRow("user alias add: injection")
            << QStringList { u"user"_s, u"alias"_s, u"add"_s, u"john@example.com"_s, u"*)(x=*"_s } << u"alias:"_s;
        QTest::newRow("user alias remove: not its own")
            << QStringList { u"user"_s, u"alias"_s, u"remove"_s, u"jane@example.com"_s, u"info@example.com"_s }
            << u"alias: info@example.com is not an alias of jane@example.com"_s;
        QTest::newRow("user forward add: path")
            << QStringList { u"user"_s, u"forward"_s, u"add"_s, u"john@example.com"_s, u"../x@example.org"_s }
            << u"forward:"_s;
        QTest::newRow("user forward add: itself")
            << QStringList { u"user"_s, u"forward"_s, u"add"_s, u"john@example.com"_s, u"John@example.com"_s }
            << u"forward:"_s;
        QTest::newRow("user forward remove: none")
            << QStringList { u"user"_s, u"forward"_s, u"remove"_s, u"jane@example.com"_s, u"x@elsewhere.example"_s }
            << u"forward:"_s;
        QTest::newRow("mailgroup add: exists") << QStringList { u"mailgroup"_s, u"add"_s, u"sales@example.com"_s }
                                               << u"name: mail group sales@example.com already exists"_s;
        QTest::newRow("mailgroup add: a user's address")
            << QStringList { u"mailgroup"_s, u"add"_s, u"john@example.com"_s } << u"name:"_s;
        QTest::newRow("mailgroup add: bad member") << QStringList { u"mailgroup"_s, u"add"_s, u"x@example.com"_s,
            u"--member"_s, u"not an address"_s } << u"member:"_s;
        QTest::newRow("mailgroup add: alias elsewhere") << QStringList { u"mailgroup"_s, u"add"_s, u"x@example.com"_s,
            u"--alias"_s, u"@example.org"_s } << u"alias:"_s;
        QTest::newRow("mailgroup add: replica")
            << QStringList { u"mailgroup"_s, u"add"_s, u"x@example.net"_s } << u"domain:"_s;
        QTest::newRow("mailgroup add: no domain") << QStringList { u"mailgroup"_s, u"add"_s, u"x"_s } << u"group:"_s;
        QTest::newRow("mailgroup member add: two @")
            << QStringList { u"mailgroup"_s, u"member"_s, u"add"_s, u"sales@example.com"_s, u"a@b@example.com"_s }
            << u"member:"_s;
        QTest::newRow("mailgroup member remove: none")
            << QStringList { u"mailgroup"_s, u"member"_s, u"remove"_s, u"sales@example.com"_s, u"x@example.com"_s }
            << u"member:"_s;
        QTest::newRow("mailgroup alias add: a user's")
            << QStringList { u"mailgroup"_s, u"alias"_s, u"add"_s, u"sales@example.com"_s, u"john@example.com"_s }
            << u"alias:"_s;
        QTest::newRow("mailgroup delete: unknown") << QStringList { u"mailgroup"_s, u"delete"_s,
            u"ghost@example.com"_s } << u"mail group ghost@example.com does not exist"_s;
    }

    void refusalsExitOneAndWriteNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const int before = writeCount();
        QVERIFY(before > 0);
        Run r = ispman(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith((u"ispman: "_s + message).toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(writeCount(), before);
    }

    void usageErrorsExitTwoAndWriteNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        const QString pw = writeFile(u"usage.pw"_s, "good-pass-1\n");
        QTest::newRow("user") << QStringList { u"user"_s };
        QTest::newRow("user: unknown subcommand") << QStringList { u"user"_s, u"rename"_s, u"john@example.com"_s };
        QTest::newRow("user add: no address") << QStringList { u"user"_s, u"add"_s };
        QTest::newRow("user add: two addresses")
            << QStringList { u"user"_s, u"add"_s, u"a@example.com"_s, u"b@example.com"_s };
        QTest::newRow("user add: unknown option")
            << QStringList { u"user"_s, u"add"_s, u"a@example.com"_s, u"--quota"_s, u"5"_s };
        QTest::newRow("user add: password on the command line")
            << QStringList { u"user"_s, u"add"_s, u"a@example.com"_s, u"--password"_s, u"secret-123"_s };
        QTest::newRow("user add: ftp value")
            << QStringList { u"user"_s, u"add"_s, u"a@example.com"_s, u"--ftp"_s, u"maybe"_s };
        QTest::newRow("user add: option without value")
            << QStringList { u"user"_s, u"add"_s, u"a@example.com"_s, u"--mail-host"_s };
        QTest::newRow("user list: no domain") << QStringList { u"user"_s, u"list"_s };
        QTest::newRow("user show: no address") << QStringList { u"user"_s, u"show"_s };
        QTest::newRow("user edit: nothing to change") << QStringList { u"user"_s, u"edit"_s, u"john@example.com"_s };
        QTest::newRow("user edit: ftp value")
            << QStringList { u"user"_s, u"edit"_s, u"john@example.com"_s, u"--ftp"_s, u"on"_s };
        QTest::newRow("user passwd: no password file") << QStringList { u"user"_s, u"passwd"_s, u"john@example.com"_s };
        QTest::newRow("user import: no file") << QStringList { u"user"_s, u"import"_s };
        QTest::newRow("user passwd: password argument") << QStringList { u"user"_s, u"passwd"_s, u"john@example.com"_s,
            u"new-secret-1"_s, u"--password-file"_s, pw };
        QTest::newRow("user suspend: no address") << QStringList { u"user"_s, u"suspend"_s };
        QTest::newRow("user resume: no address") << QStringList { u"user"_s, u"resume"_s };
        QTest::newRow("user delete: no address") << QStringList { u"user"_s, u"delete"_s };
        QTest::newRow("user alias") << QStringList { u"user"_s, u"alias"_s };
        QTest::newRow("user alias add: no value")
            << QStringList { u"user"_s, u"alias"_s, u"add"_s, u"john@example.com"_s };
        QTest::newRow("user alias remove: no value")
            << QStringList { u"user"_s, u"alias"_s, u"remove"_s, u"john@example.com"_s };
        QTest::newRow("user forward") << QStringList { u"user"_s, u"forward"_s };
        QTest::newRow("user forward add: no value")
            << QStringList { u"user"_s, u"forward"_s, u"add"_s, u"john@example.com"_s };
        QTest::newRow("user forward remove: nothing") << QStringList { u"user"_s, u"forward"_s, u"remove"_s };
        QTest::newRow("mailgroup") << QStringList { u"mailgroup"_s };
        QTest::newRow("mailgroup add: no address") << QStringList { u"mailgroup"_s, u"add"_s };
        QTest::newRow("mailgroup add: unknown option")
            << QStringList { u"mailgroup"_s, u"add"_s, u"x@example.com"_s, u"--members"_s, u"a@b.example"_s };
        QTest::newRow("mailgroup list: no domain") << QStringList { u"mailgroup"_s, u"list"_s };
        QTest::newRow("mailgroup show: no address") << QStringList { u"mailgroup"_s, u"show"_s };
        QTest::newRow("mailgroup delete: no address") << QStringList { u"mailgroup"_s, u"delete"_s };
        QTest::newRow("mailgroup member") << QStringList { u"mailgroup"_s, u"member"_s };
        QTest::newRow("mailgroup member add: no value")
            << QStringList { u"mailgroup"_s, u"member"_s, u"add"_s, u"sales@example.com"_s };
        QTest::newRow("mailgroup alias") << QStringList { u"mailgroup"_s, u"alias"_s };
        QTest::newRow("mailgroup alias remove: no value")
            << QStringList { u"mailgroup"_s, u"alias"_s, u"remove"_s, u"sales@example.com"_s };
    }

    void usageErrorsExitTwoAndWriteNothing()
    {
        QFETCH(QStringList, args);
        const int before = writeCount();
        QVERIFY(before > 0);
        Run r = ispman(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
        QCOMPARE(writeCount(), before);
    }

    void helpAtEveryLevel_data()
    {
        QTest::addColumn<QStringList>("command");
        const QList<QStringList> commands {
            { u"user"_s },
            { u"user"_s, u"add"_s },
            { u"user"_s, u"import"_s },
            { u"user"_s, u"list"_s },
            { u"user"_s, u"show"_s },
            { u"user"_s, u"edit"_s },
            { u"user"_s, u"passwd"_s },
            { u"user"_s, u"suspend"_s },
            { u"user"_s, u"resume"_s },
            { u"user"_s, u"delete"_s },
            { u"user"_s, u"alias"_s },
            { u"user"_s, u"alias"_s, u"add"_s },
            { u"user"_s, u"alias"_s, u"remove"_s },
            { u"user"_s, u"forward"_s },
            { u"user"_s, u"forward"_s, u"add"_s },
            { u"user"_s, u"forward"_s, u"remove"_s },
            { u"mailgroup"_s },
            { u"mailgroup"_s, u"add"_s },
            { u"mailgroup"_s, u"list"_s },
            { u"mailgroup"_s, u"show"_s },
            { u"mailgroup"_s, u"delete"_s },
            { u"mailgroup"_s, u"member"_s },
            { u"mailgroup"_s, u"member"_s, u"add"_s },
            { u"mailgroup"_s, u"member"_s, u"remove"_s },
            { u"mailgroup"_s, u"alias"_s },
            { u"mailgroup"_s, u"alias"_s, u"add"_s },
            { u"mailgroup"_s, u"alias"_s, u"remove"_s },
        };
        for (const QStringList &c : commands)
            QTest::newRow(qPrintable(c.join(u' '))) << c;
    }

    void helpAtEveryLevel()
    {
        QFETCH(QStringList, command);
        // No directory needed, nothing written.
        Run help = exec(command + QStringList { u"--help"_s });
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains(("ispman " + command.join(u' ').toUtf8())), help.out.constData());
        QVERIFY(help.err.isEmpty());
        // The positional arguments and options of the command are described.
        if (command.size() > 1 && command.last() != u"alias" && command.last() != u"forward"
            && command.last() != u"member") {
            const QByteArray positional = command.last() == u"list" ? "domain"
                : command.last() == u"import"                       ? "file"
                                                                    : "address";
            QVERIFY2(help.out.contains(positional), help.out.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestUserCli)
#include "tst_usercli.moc"
