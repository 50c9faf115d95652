// CliRunner: runs the built `ispman` binary (ISPMAN_BIN) as a user would, against a private
// directory folder, and returns exit code, stdout and stderr; JSON output parsed on request.
// Header-only, for the CLI tests.
#pragma once

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace Isp::Test {

class CliRunner
{
public:
    struct Run
    {
        int exitCode = -1; // -1: crashed or did not finish
        QByteArray out;
        QByteArray err;
        [[nodiscard]] QJsonObject object() const { return QJsonDocument::fromJson(out).object(); }
        [[nodiscard]] QJsonArray array() const { return QJsonDocument::fromJson(out).array(); }
    };

    // False (with the reason) when ISPMAN_BIN does not name an executable.
    bool init(QString *error)
    {
        m_bin = qEnvironmentVariable("ISPMAN_BIN");
        if (!QFileInfo(m_bin).isExecutable()) {
            *error = QStringLiteral("ISPMAN_BIN must name the built ispman binary");
            return false;
        }
        return true;
    }
    void setDirectory(const QString &folder) { m_directory = folder; }
    [[nodiscard]] QString directory() const { return m_directory; }

    // ispman ARGS, with `input` on its standard input.
    Run exec(const QStringList &args, const QByteArray &input = {}) const
    {
        QProcess p;
        p.start(m_bin, args);
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        Run r;
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }
    // ispman --directory DIR --json ARGS
    Run json(const QStringList &args, const QByteArray &input = {}) const
    {
        return exec(QStringList{QStringLiteral("--directory"), m_directory, QStringLiteral("--json")} + args, input);
    }

    static QString writeFile(const QString &path, const QByteArray &content)
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
            return QString();
        return f.fileName();
    }

private:
    QString m_bin;
    QString m_directory;
};

} // namespace Isp::Test
