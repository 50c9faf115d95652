// The benchmarks' shared report file: one JSON object, one section per benchmark program, so
// that scripts/bench collects every figure of a run in bench-results.json.
#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace Isp::Bench {

// Sets `section` of the JSON object in `file` (created when missing) to `figures`.
inline bool writeSection(const QString &file, const QString &section, const QJsonObject &figures)
{
    QJsonObject all;
    QFile in(file);
    if (in.open(QIODevice::ReadOnly)) {
        const QJsonDocument doc = QJsonDocument::fromJson(in.readAll());
        if (doc.isObject())
            all = doc.object();
    }
    in.close();
    all.insert(section, figures);
    QFile out(file);
    return out.open(QIODevice::WriteOnly | QIODevice::Truncate) && out.write(QJsonDocument(all).toJson()) >= 0;
}

} // namespace Isp::Bench
