#include "console/entryviewer.h"

#include "console/entitykind.h"

#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>

namespace Isp::Console {

using namespace Isp::Core;

EntryViewer::EntryViewer(const ConsoleContext &context, QWidget *parent) : EntityEditor(context, parent)
{
    m_table = new QTableWidget(0, 2, this);
    m_table->setObjectName(QStringLiteral("attributes"));
    m_table->setHorizontalHeaderLabels({tr("Attribute"), tr("Value")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMinimumHeight(280);
    addSection(m_table);
    saveButton()->hide();
    // The live view may keep only part of an entry: read it whole, again when it changes.
    connect(context.live, &LiveDirectory::entryChanged, this, [this](const QByteArray &uuid) {
        if (const LdapEntry *e = this->context().live->find(uuid); e && e->dn() == dn())
            load(dn());
    });
}

void EntryViewer::load(const LdapDn &dn)
{
    setDn(dn);
    setTitle(dn.toString());
    read<std::optional<LdapEntry>>([dn](DirectorySession &s) -> OpResult<std::optional<LdapEntry>> {
        auto r = s.read(dn);
        if (!r.ok())
            return OpError::directory(r.error());
        return *r;
    }, [this](const std::optional<LdapEntry> &e) {
        if (e)
            show(*e);
        else
            showMessage(tr("This entry no longer exists."));
    });
}

void EntryViewer::show(const LdapEntry &entry)
{
    const EntityKind kind = kindOf(entry);
    setTitle(QStringLiteral("%1 %2").arg(kindName(kind), displayName(entry, kind)));
    m_table->setRowCount(0);
    for (const LdapAttribute &attr : entry.attributes()) {
        for (const QByteArray &v : attr.values) {
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            m_table->setItem(row, 0, new QTableWidgetItem(attr.name));
            const bool secret = attr.name.compare(QLatin1String("userPassword"), Qt::CaseInsensitive) == 0;
            m_table->setItem(row, 1, new QTableWidgetItem(secret ? tr("(hidden)") : QString::fromUtf8(v)));
        }
    }
    m_table->resizeColumnToContents(0);
}

} // namespace Isp::Console
