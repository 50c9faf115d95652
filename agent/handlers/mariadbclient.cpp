#include "agent/handlers/mariadbclient.h"

#include "agent/handlers/mariadbsql.h"

#include <QFile>
#include <QHash>
#include <QTemporaryFile>

namespace Isp::Agent {

namespace {

using namespace std::chrono_literals;

constexpr std::chrono::milliseconds ReadTimeout = 60s;
// DROP DATABASE of a large database takes a while; stay well inside the agent's lease.
constexpr std::chrono::milliseconds WriteTimeout = 240s;

// Batch mode escapes these in values; undo it.
QString unescape(const QByteArray &field)
{
    QByteArray out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        const char c = field.at(i);
        if (c != '\\' || i + 1 == field.size()) {
            out += c;
            continue;
        }
        const char n = field.at(++i);
        switch (n) {
        case 't':
            out += '\t';
            break;
        case 'n':
            out += '\n';
            break;
        case '0':
            out += '\0';
            break;
        default:
            out += n; // "\\"
        }
    }
    return QString::fromUtf8(out);
}

// The lines of the client's output (the last newline ends the last line, it does not start one).
QList<QByteArray> lines(const QByteArray &output)
{
    QList<QByteArray> out = output.split('\n');
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

QStringList fieldsOf(const QByteArray &line)
{
    QStringList fields;
    for (const QByteArray &f : line.split('\t'))
        fields << unescape(f);
    return fields;
}

// Result sets of one batch: each starts with a header whose first column is "ispman_<name>"
// (empty results print nothing).
struct ResultSet
{
    QStringList columns;
    QList<QStringList> rows;

    [[nodiscard]] QString value(const QStringList &row, const QString &column) const
    {
        const qsizetype i = columns.indexOf(column);
        return i >= 0 && i < row.size() ? row.at(i) : QString();
    }
};

QHash<QString, ResultSet> parseTagged(const QByteArray &output)
{
    QHash<QString, ResultSet> sets;
    ResultSet *current = nullptr;
    for (const QByteArray &line : lines(output)) {
        const QStringList fields = fieldsOf(line);
        if (fields.first().startsWith(QStringLiteral("ispman_"))) {
            current = &sets[fields.first()];
            current->columns = fields;
        } else if (current) {
            current->rows << fields;
        }
    }
    return sets;
}

QString inList(const QString &column, const QStringList &values)
{
    if (values.isEmpty())
        return QStringLiteral("FALSE");
    QStringList quoted;
    for (const QString &v : values)
        quoted << MariadbSql::literal(v);
    return column + QStringLiteral(" IN (") + quoted.join(QStringLiteral(", ")) + u')';
}

// The option file that hands the password to the client: a quoted value with '\' and '"'
// escaped (the client's option file syntax).
QByteArray optionFile(const QByteArray &password)
{
    QByteArray v;
    for (const char c : password) {
        if (c == '\\' || c == '"')
            v += '\\';
        v += c;
    }
    return "[client]\npassword=\"" + v + "\"\n";
}

} // namespace

const MariadbAccount *MariadbState::account(const QString &user, const QString &host) const
{
    for (const MariadbAccount &a : accounts) {
        if (a.user == user && a.host == host)
            return &a;
    }
    return nullptr;
}

QList<MariadbAccount> MariadbState::accountsOf(const QString &user) const
{
    QList<MariadbAccount> out;
    for (const MariadbAccount &a : accounts) {
        if (a.user == user)
            out << a;
    }
    return out;
}

QList<MariadbSchemaGrant> MariadbState::schemaGrantsOf(const QString &user, const QString &host) const
{
    QList<MariadbSchemaGrant> out;
    for (const MariadbSchemaGrant &g : schemaGrants) {
        if (g.user == user && g.host == host)
            out << g;
    }
    return out;
}

bool MariadbState::hasOtherGrants(const QString &user, const QString &host) const
{
    for (const auto &[u, h] : otherGrants) {
        if (u == user && h == host)
            return true;
    }
    return false;
}

MariadbClient::MariadbClient(const AgentConfig::Mariadb &config, const CommandRunner &commands)
    : m_config(config), m_commands(commands)
{ }

QString MariadbClient::privilegeOfColumn(const QString &column)
{
    QString base = column.endsWith(QStringLiteral("_priv")) ? column.chopped(5) : column;
    if (base == u"Create_tmp_table")
        return QStringLiteral("CREATE TEMPORARY TABLES");
    if (base == u"Grant")
        return QStringLiteral("GRANT OPTION");
    return base.replace(u'_', u' ').toUpper();
}

Core::Result<QByteArray, QString> MariadbClient::run(
    const QByteArray &script, std::chrono::milliseconds timeout, Headers headers) const
{
    if (m_config.socket.isEmpty() || !m_config.socket.startsWith(u'/'))
        return QStringLiteral("[mariadb] socket \"%1\" is not an absolute path").arg(m_config.socket.left(200));
    if (m_config.user.isEmpty())
        return QStringLiteral("[mariadb] user is empty");
    QStringList argv { QStringLiteral("mariadb") };
    // The option file must stay until the client has read it; removed when this returns.
    QTemporaryFile options;
    if (m_config.passwordFile.isEmpty()) {
        argv << QStringLiteral("--no-defaults");
    } else {
        QFile f(m_config.passwordFile);
        if (!f.open(QIODevice::ReadOnly))
            return QStringLiteral("[mariadb] password-file: cannot read %1: %2")
                .arg(m_config.passwordFile, f.errorString());
        QByteArray password = f.readAll();
        while (password.endsWith('\n') || password.endsWith('\r'))
            password.chop(1);
        for (const char c : std::as_const(password)) {
            if (uchar(c) < 0x20 || c == 0x7f)
                return QStringLiteral("[mariadb] password-file: %1 holds a control character")
                    .arg(m_config.passwordFile);
        }
        // QTemporaryFile creates it with mode 0600.
        if (!options.open() || options.write(optionFile(password)) < 0 || !options.flush())
            return QStringLiteral("cannot write the client's option file: %1").arg(options.errorString());
        argv << QStringLiteral("--defaults-file=") + options.fileName();
    }
    argv << QStringLiteral("--protocol=SOCKET") << QStringLiteral("--socket=") + m_config.socket
         << QStringLiteral("--user=") + m_config.user << QStringLiteral("--batch")
         << QStringLiteral("--connect-timeout=10") << QStringLiteral("--default-character-set=utf8mb4");
    // Headers are not escaped: a column named after an expression may span lines.
    if (headers == Headers::Skip)
        argv << QStringLiteral("--skip-column-names");
    const CommandResult r = m_commands.run(argv, timeout, script);
    if (!r.ok())
        return QStringLiteral("MariaDB (%1 as %2): %3").arg(m_config.socket, m_config.user, r.describe(argv));
    return r.out;
}

Core::Result<MariadbState, QString> MariadbClient::read(
    const std::optional<QStringList> &users, const std::optional<QStringList> &schemas) const
{
    const auto where = [](const QString &column, const std::optional<QStringList> &values) {
        return values ? inList(column, *values) : QStringLiteral("TRUE");
    };
    const QString user = where(QStringLiteral("User"), users);
    QStringList sql;
    sql << QStringLiteral("SELECT 'r' AS ispman_schemas, SCHEMA_NAME FROM information_schema.SCHEMATA WHERE ")
            + where(QStringLiteral("SCHEMA_NAME"), schemas);
    sql << QStringLiteral("SELECT 'r' AS ispman_accounts, u.* FROM mysql.user u WHERE u.is_role <> 'Y' AND ") + user;
    sql << QStringLiteral("SELECT 'r' AS ispman_db, d.* FROM mysql.db d WHERE ") + user;
    QStringList other;
    for (const auto &[table, kind] : { std::pair { "tables_priv", "table" }, std::pair { "columns_priv", "column" },
             std::pair { "procs_priv", "routine" }, std::pair { "proxies_priv", "proxy" },
             std::pair { "roles_mapping", "role" } })
        other << QStringLiteral("SELECT 'r' AS ispman_other, User, Host, '%1' AS kind FROM mysql.%2 WHERE ")
                     .arg(QLatin1StringView(kind), QLatin1StringView(table))
                + user;
    sql << other.join(QStringLiteral(" UNION ALL "));
    auto out = run((sql.join(QStringLiteral(";\n")) + QStringLiteral(";\n")).toUtf8(), ReadTimeout, Headers::Print);
    if (!out.ok())
        return out.error();
    const QHash<QString, ResultSet> sets = parseTagged(*out);

    MariadbState state;
    for (const QStringList &row : sets.value(QStringLiteral("ispman_schemas")).rows)
        state.schemas << row.value(1);
    const ResultSet accounts = sets.value(QStringLiteral("ispman_accounts"));
    for (const QStringList &row : accounts.rows) {
        MariadbAccount a;
        a.user = accounts.value(row, QStringLiteral("User"));
        a.host = accounts.value(row, QStringLiteral("Host"));
        a.plugin = accounts.value(row, QStringLiteral("plugin"));
        a.authentication = accounts.value(row, QStringLiteral("authentication_string"));
        for (qsizetype i = 0; i < accounts.columns.size() && i < row.size(); ++i) {
            if (accounts.columns.at(i).endsWith(QStringLiteral("_priv")) && row.at(i) == u"Y")
                a.globalPrivileges << privilegeOfColumn(accounts.columns.at(i));
        }
        state.accounts << a;
    }
    const ResultSet db = sets.value(QStringLiteral("ispman_db"));
    for (const QString &c : db.columns) {
        if (c.endsWith(QStringLiteral("_priv")) && c != u"Grant_priv")
            state.allDatabasePrivileges << privilegeOfColumn(c);
    }
    for (const QStringList &row : db.rows) {
        MariadbSchemaGrant g;
        g.user = db.value(row, QStringLiteral("User"));
        g.host = db.value(row, QStringLiteral("Host"));
        g.pattern = db.value(row, QStringLiteral("Db"));
        for (qsizetype i = 0; i < db.columns.size() && i < row.size(); ++i) {
            if (db.columns.at(i).endsWith(QStringLiteral("_priv")) && row.at(i) == u"Y")
                g.privileges << privilegeOfColumn(db.columns.at(i));
        }
        state.schemaGrants << g;
    }
    for (const QStringList &row : sets.value(QStringLiteral("ispman_other")).rows)
        state.otherGrants.append({ row.value(1), row.value(2) });
    return state;
}

Core::Result<Core::Done, QString> MariadbClient::execute(const QStringList &statements) const
{
    // The session's own sql_mode: backslash escapes in literals (MariadbSql::literal), strict,
    // and no account ever created by a GRANT.
    QString script
        = QStringLiteral("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_CREATE_USER';\n");
    for (const QString &s : statements)
        script += s + QStringLiteral(";\n");
    auto out = run(script.toUtf8(), WriteTimeout, Headers::Skip);
    if (!out.ok())
        return out.error();
    return Core::Done {};
}

Core::Result<QList<QStringList>, QString> MariadbClient::query(const QString &sql) const
{
    auto out = run((sql + QStringLiteral(";\n")).toUtf8(), ReadTimeout, Headers::Skip);
    if (!out.ok())
        return out.error();
    QList<QStringList> rows;
    for (const QByteArray &line : lines(*out))
        rows << fieldsOf(line);
    return rows;
}

} // namespace Isp::Agent
