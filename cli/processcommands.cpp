#include "cli/processcommands.h"

#include "core/ops/processops.h"

#include <CLI/CLI.hpp>

#include <QJsonArray>
#include <QJsonObject>

namespace Isp::Cli {

using namespace Core;

namespace {

QJsonObject toJson(const Process &p)
{
    QJsonObject params;
    for (const auto &[k, v] : p.params)
        params.insert(k, v);
    auto time = [](const QDateTime &t) { return t.isValid() ? t.toString(Qt::ISODateWithMs) : QString(); };
    return {{QStringLiteral("pid"), p.pid},           {QStringLiteral("process"), p.name},
            {QStringLiteral("host"), p.host},         {QStringLiteral("domain"), p.domain},
            {QStringLiteral("user"), p.user},         {QStringLiteral("status"), p.status},
            {QStringLiteral("message"), p.message},   {QStringLiteral("params"), params},
            {QStringLiteral("target"), p.target},     {QStringLiteral("targetUuid"), p.targetUuid},
            {QStringLiteral("priority"), p.priority}, {QStringLiteral("attempts"), p.attempts},
            {QStringLiteral("owner"), p.owner},       {QStringLiteral("created"), time(p.created)},
            {QStringLiteral("nextRetry"), time(p.nextRetry)}};
}

QString toText(const Process &p)
{
    QString t = QStringLiteral("process %1: %2 on %3 (%4)\n").arg(p.pid).arg(p.name, p.host, p.status);
    t += QStringLiteral("  domain:   %1\n  target:   %2\n  asked by: %3 at %4\n")
             .arg(p.domain.isEmpty() ? QStringLiteral("-") : p.domain, p.target, p.user, p.created.toString(Qt::ISODate));
    for (const auto &[k, v] : p.params)
        t += QStringLiteral("  param:    %1=%2\n").arg(k, v);
    if (p.attempts > 0)
        t += QStringLiteral("  attempts: %1\n").arg(p.attempts);
    if (!p.message.isEmpty())
        t += QStringLiteral("  message:  %1\n").arg(p.message);
    return t;
}

} // namespace

void addProcessCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string pid, host, domain, status;
    };
    auto a = std::make_shared<Args>();
    CLI::App *process = app.add_subcommand("process", "Work queued for the hosts' agents");
    process->require_subcommand(1);

    CLI::App *list = process->add_subcommand("list", "List queued, running and failed processes");
    list->add_option("--host", a->host, "Only for this host");
    list->add_option("--domain", a->domain, "Only about this domain");
    list->add_option("--status", a->status, "Only new, running or error");
    list->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return ProcessOps::list(s, {qs(a->host), qs(a->domain), qs(a->status)}); },
                       [&](const QList<Process> &procs) {
                           QJsonArray json;
                           QString text;
                           for (const Process &p : procs) {
                               json.append(toJson(p));
                               text += QStringLiteral("%1  %2  %3  %4  %5\n")
                                           .arg(p.pid, 6)
                                           .arg(p.status, -7)
                                           .arg(p.host, -24)
                                           .arg(p.name, -28)
                                           .arg(p.domain);
                           }
                           return print(o, json, text.isEmpty() ? QStringLiteral("(nothing queued)") : text);
                       });
    });

    CLI::App *show = process->add_subcommand("show", "Show one process");
    show->add_option("pid", a->pid, "Process id")->required();
    show->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return ProcessOps::show(s, qs(a->pid)); },
                       [&](const Process &p) { return print(o, toJson(p), toText(p)); });
    });

    CLI::App *retry = process->add_subcommand("retry", "Queue a failed process again");
    retry->add_option("pid", a->pid, "Process id")->required();
    retry->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return ProcessOps::retry(s, qs(a->pid)); },
                       [&](const Process &p) { return print(o, toJson(p), toText(p)); });
    });

    CLI::App *del = process->add_subcommand("delete", "Delete a process no agent is running");
    del->add_option("pid", a->pid, "Process id")->required();
    del->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return ProcessOps::remove(s, qs(a->pid)); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("deleted"), qs(a->pid)}}, QStringLiteral("deleted process %1").arg(qs(a->pid)));
        });
    });
}

} // namespace Isp::Cli
