#include "agent/commandrunner.h"

#include <QProcess>

namespace Isp::Agent {

QString CommandResult::describe(const QStringList &argv) const
{
    const QString program = argv.isEmpty() ? QStringLiteral("(no command)") : argv.first();
    if (!started)
        return QStringLiteral("%1 could not be started").arg(program);
    if (timedOut)
        return QStringLiteral("%1 did not finish in time").arg(program);
    QString output = QString::fromUtf8(err.trimmed().isEmpty() ? out.trimmed() : err.trimmed());
    if (output.size() > 1000)
        output = output.left(1000) + QStringLiteral("...");
    return QStringLiteral("%1: exit %2%3").arg(program).arg(exitCode).arg(output.isEmpty() ? QString() : QStringLiteral(": ") + output);
}

CommandResult CommandRunner::run(const QStringList &argv, std::chrono::milliseconds timeout, const QByteArray &input) const
{
    CommandResult r;
    if (argv.isEmpty())
        return r;
    QProcess p;
    p.setProgram(argv.first());
    p.setArguments(argv.mid(1));
    p.start();
    if (!p.waitForStarted(int(std::min<qint64>(timeout.count(), 30000))))
        return r;
    r.started = true;
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(int(timeout.count()))) {
        r.timedOut = true;
        p.kill();
        p.waitForFinished(5000);
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    if (!r.timedOut)
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

QStringList CommandRunner::commandLine(const QString &configured, const QStringList &args)
{
    QStringList out;
    for (const QString &word : configured.split(u' ', Qt::SkipEmptyParts)) {
        bool replaced = false;
        for (qsizetype i = 0; i < args.size(); ++i) {
            if (word == u'%' + QString::number(i + 1)) {
                out << args.at(i);
                replaced = true;
                break;
            }
        }
        if (!replaced)
            out << word;
    }
    return out;
}

} // namespace Isp::Agent
