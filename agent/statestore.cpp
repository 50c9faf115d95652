#include "agent/statestore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace Isp::Agent {

StateStore::StateStore(const QString &folder) : m_folder(folder), m_file(folder + QStringLiteral("/sync-state.json")) {}

bool StateStore::load(SyncState *state, QString *error) const
{
    *state = SyncState{};
    QFile f(m_file);
    if (!f.exists())
        return true;
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(m_file, f.errorString());
        return false;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("%1: not a state file (%2)").arg(m_file, parse.errorString());
        return false;
    }
    const QJsonObject o = doc.object();
    state->subscription = o.value(QStringLiteral("subscription")).toString();
    state->cookie = QByteArray::fromBase64(o.value(QStringLiteral("cookie")).toString().toLatin1());
    const QJsonObject known = o.value(QStringLiteral("known")).toObject();
    for (auto it = known.begin(); it != known.end(); ++it) {
        const QByteArray uuid = QByteArray::fromHex(it.key().toLatin1());
        auto dn = Core::LdapDn::parse(it.value().toString());
        if (uuid.size() != 16 || !dn) {
            *error = QStringLiteral("%1: a damaged entry in \"known\"").arg(m_file);
            return false;
        }
        state->known.insert(uuid, *dn);
    }
    return true;
}

bool StateStore::save(const SyncState &state, QString *error) const
{
    if (!QDir().mkpath(m_folder)) {
        *error = QStringLiteral("cannot create %1").arg(m_folder);
        return false;
    }
    QJsonObject known;
    for (auto it = state.known.cbegin(); it != state.known.cend(); ++it)
        known.insert(QString::fromLatin1(it.key().toHex()), it.value().toString());
    const QJsonObject o{{QStringLiteral("subscription"), state.subscription},
                        {QStringLiteral("cookie"), QString::fromLatin1(state.cookie.toBase64())},
                        {QStringLiteral("known"), known}};
    QSaveFile f(m_file);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson(QJsonDocument::Compact)) < 0 || !f.commit()) {
        *error = QStringLiteral("%1: %2").arg(m_file, f.errorString());
        return false;
    }
    return true;
}

} // namespace Isp::Agent
