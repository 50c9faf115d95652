// An ISP built from nothing with the ispman CLI alone, as an admin would on day one: hosts and
// their roles, a reseller and a client, domains of every type, DNS records, mail users (one
// forward-only), a mail group, websites, a database, then `ispman process list` shows the work
// queued for each host's agent, and `user import` adds a batch. Everything through --json, parsed
// back; the directory starts empty (no sample data).
#include "core/directory/privatedirectory.h"
#include "tests/support/clirunner.h"

#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using Isp::Test::CliRunner;
using namespace Qt::StringLiterals;

class TestWholeIsp : public QObject
{
    Q_OBJECT

private:
    CliRunner m_cli;
    QTemporaryDir m_tmp;

    // Runs ispman ARGS and fails the test unless it succeeds.
    QJsonDocument ok(const QStringList &args, const QByteArray &input = {})
    {
        const CliRunner::Run r = m_cli.json(args, input);
        if (r.exitCode != 0)
            qWarning("ispman %s: exit %d: %s", qPrintable(args.join(u' ')), r.exitCode, r.err.constData());
        return r.exitCode == 0 ? QJsonDocument::fromJson(r.out) : QJsonDocument();
    }
    QString file(const QString &name, const QByteArray &content)
    {
        return CliRunner::writeFile(m_tmp.path() + u'/' + name, content);
    }
    // host -> the names of the processes queued for it
    QMap<QString, QStringList> queued()
    {
        QMap<QString, QStringList> out;
        const QJsonArray all = ok({u"process"_s, u"list"_s}).array();
        for (const QJsonValue &v : all)
            out[v[u"host"_s].toString()] << v[u"process"_s].toString();
        for (QStringList &names : out)
            names.sort();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cli.init(&error), qPrintable(error));
        QString missing;
        if (!Isp::Core::PrivateDirectory::toolsAvailable(&missing))
            QSKIP(qPrintable(u"slapd is not installed: "_s + missing));
        QVERIFY(m_tmp.isValid());
        m_cli.setDirectory(m_tmp.path() + u"/directory"_s);
        const auto started = m_cli.exec({u"directory"_s, u"start"_s, u"--dir"_s, m_cli.directory(), u"--json"_s});
        QVERIFY2(started.exitCode == 0, started.err.constData());
    }

    void cleanupTestCase()
    {
        if (!m_cli.directory().isEmpty())
            m_cli.exec({u"directory"_s, u"stop"_s, u"--dir"_s, m_cli.directory()});
    }

    void buildAnIspFromNothing()
    {
        QVERIFY(ok({u"process"_s, u"list"_s}).array().isEmpty());
        // Hosts and their roles.
        QVERIFY(!ok({u"host"_s, u"add"_s, u"ns1.isp.test"_s, u"--ip"_s, u"192.0.2.53"_s, u"--group"_s, u"dnsgroup"_s}).isNull());
        QVERIFY(!ok({u"host"_s, u"add"_s, u"mx1.isp.test"_s, u"--ip"_s, u"192.0.2.25"_s, u"--group"_s, u"smtpgroup"_s, u"--group"_s,
                     u"mailstoregroup"_s}).isNull());
        QVERIFY(!ok({u"host"_s, u"add"_s, u"web1.isp.test"_s, u"--ip"_s, u"192.0.2.80"_s, u"--group"_s, u"httpgroup"_s, u"--group"_s,
                     u"fileservergroup"_s}).isNull());
        QVERIFY(!ok({u"host"_s, u"add"_s, u"web2.isp.test"_s, u"--ip"_s, u"192.0.2.81"_s}).isNull());
        QVERIFY(!ok({u"hostgroup"_s, u"add-member"_s, u"httpgroup"_s, u"web2.isp.test"_s}).isNull());
        QVERIFY(!ok({u"host"_s, u"add"_s, u"db1.isp.test"_s, u"--ip"_s, u"192.0.2.33"_s, u"--group"_s, u"databasegroup"_s}).isNull());
        const QJsonObject http = ok({u"hostgroup"_s, u"show"_s, u"httpgroup"_s}).object();
        QCOMPARE(http[u"members"_s].toArray().size(), 2);

        // A reseller, its client, and the client's domains of every type.
        const QString pw = file(u"pw"_s, "a-good-password-1\n");
        const QJsonObject reseller = ok({u"reseller"_s, u"add"_s, u"Acme Hosting"_s, u"--login"_s, u"acme"_s, u"--new-password-file"_s, pw}).object();
        const QString rid = QString::number(reseller[u"id"_s].toInteger());
        QVERIFY(rid.toInt() > 0);
        const QJsonObject client = ok({u"client"_s, u"add"_s, rid, u"Shop Ltd"_s, u"--max-domains"_s, u"5"_s}).object();
        const QString cid = QString::number(client[u"id"_s].toInteger());
        QVERIFY(cid.toInt() > 0);
        QVERIFY(!ok({u"domain"_s, u"add"_s, u"shop.test"_s, u"--client"_s, cid, u"--password-file"_s, pw}).isNull());
        QVERIFY(!ok({u"domain"_s, u"add"_s, u"legacy.test"_s, u"--type"_s, u"slave"_s, u"--masters"_s, u"192.0.2.200"_s, u"--client"_s, cid}).isNull());
        QVERIFY(!ok({u"domain"_s, u"add"_s, u"shop-alias.test"_s, u"--type"_s, u"replica"_s, u"--master"_s, u"shop.test"_s, u"--client"_s, cid}).isNull());
        QVERIFY(!ok({u"domain"_s, u"add"_s, u"static.test"_s, u"--type"_s, u"nodns"_s}).isNull());
        QSet<QString> types;
        for (const QJsonValue &d : ok({u"domain"_s, u"list"_s}).array())
            types << d[u"type"_s].toString();
        QCOMPARE(types, (QSet<QString>{u"primary"_s, u"slave"_s, u"replica"_s, u"nodns"_s}));
        const QJsonObject shownClient = ok({u"client"_s, u"show"_s, cid}).object();
        QCOMPARE(shownClient[u"domains"_s].toArray().size(), 3);

        // DNS, mail, web, databases.
        QVERIFY(!ok({u"dns"_s, u"add"_s, u"shop.test"_s, u"mail"_s, u"A"_s, u"192.0.2.25"_s}).isNull());
        QVERIFY(!ok({u"dns"_s, u"add"_s, u"shop.test"_s, u"@"_s, u"TXT"_s, u"v=spf1 mx -all"_s}).isNull());
        QVERIFY(!ok({u"user"_s, u"add"_s, u"alice@shop.test"_s, u"--given-name"_s, u"Alice"_s, u"--surname"_s, u"Smith"_s, u"--password-file"_s, pw}).isNull());
        QVERIFY(!ok({u"user"_s, u"add"_s, u"orders@shop.test"_s, u"--no-mailbox"_s, u"--forward"_s, u"erp@partner.example"_s}).isNull());
        QVERIFY(!ok({u"user"_s, u"alias"_s, u"add"_s, u"alice@shop.test"_s, u"alice@shop-alias.test"_s}).isNull());
        QVERIFY(!ok({u"mailgroup"_s, u"add"_s, u"team@shop.test"_s, u"--member"_s, u"alice@shop.test"_s, u"--member"_s, u"bob@partner.example"_s}).isNull());
        const QJsonObject site = ok({u"vhost"_s, u"add"_s, u"shop.test"_s, u"www"_s, u"--alias"_s, u"web"_s}).object();
        QVERIFY(!site.isEmpty());
        QVERIFY(!ok({u"vhost"_s, u"add"_s, u"static.test"_s, u"www"_s}).isNull());
        QVERIFY(!ok({u"db"_s, u"add"_s, u"shop.test"_s, u"store"_s, u"--password-file"_s, pw}).isNull());

        // The zone has what the records and the website imply.
        QStringList records;
        for (const QJsonValue &r : ok({u"dns"_s, u"show"_s, u"shop.test"_s}).object()[u"records"_s].toArray())
            records << r[u"name"_s].toString() + u' ' + r[u"type"_s].toString();
        for (const QString &expected : {u"mail A"_s, u"@ TXT"_s, u"www A"_s, u"web CNAME"_s})
            QVERIFY2(records.contains(expected), qPrintable(records.join(u", "_s)));

        // The work queued for each host's agent.
        const QMap<QString, QStringList> work = queued();
        const auto has = [&](const QString &host, const QString &process) { return work.value(host).contains(process); };
        QVERIFY2(has(u"ns1.isp.test"_s, u"modifyDomain"_s), qPrintable(work.value(u"ns1.isp.test"_s).join(u' ')));
        QVERIFY(has(u"mx1.isp.test"_s, u"createMailbox"_s));
        QCOMPARE(work.value(u"mx1.isp.test"_s).count(u"createMailbox"_s), 1); // orders@ has no mailbox
        QCOMPARE(work.value(u"web1.isp.test"_s).count(u"createDomainDirectories"_s), 3); // not for the replica
        QCOMPARE(work.value(u"web1.isp.test"_s).count(u"createHomeDirectory"_s), 2);
        QCOMPARE(work.value(u"web1.isp.test"_s).count(u"AddVirtualHostDirectories"_s), 2);
        // Two websites, two web servers: placement puts one on each.
        QCOMPARE(work.value(u"web1.isp.test"_s).count(u"AddVirtualHost"_s), 1);
        QCOMPARE(work.value(u"web2.isp.test"_s).count(u"AddVirtualHost"_s), 1);
        QCOMPARE(work.value(u"db1.isp.test"_s), QStringList{u"AddDatabase"_s});
        // Each host's list is what `process list --host` shows it.
        QCOMPARE(ok({u"process"_s, u"list"_s, u"--host"_s, u"db1.isp.test"_s}).array().size(), 1);

        // A batch of users from a spreadsheet.
        const QString csv = file(u"users.csv"_s,
                                 "address,given-name,surname,password,mailbox,forwards\n"
                                 "carol@shop.test,Carol,\"Jones, Jr.\",carol-secret-12,yes,\n"
                                 "dave@shop.test,Dave,Brown,,no,dave@home.example\n");
        const QJsonArray imported = ok({u"user"_s, u"import"_s, csv}).array();
        QCOMPARE(imported.size(), 2);
        QCOMPARE(ok({u"user"_s, u"show"_s, u"carol@shop.test"_s}).object()[u"surname"_s].toString(), u"Jones, Jr."_s);
        QCOMPARE(ok({u"user"_s, u"list"_s, u"shop.test"_s}).array().size(), 4);
        const CliRunner::Run again = m_cli.json({u"user"_s, u"import"_s, csv});
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(ok({u"user"_s, u"list"_s, u"shop.test"_s}).array().size(), 4);
    }
};

QTEST_GUILESS_MAIN(TestWholeIsp)
#include "tst_wholeisp.moc"
