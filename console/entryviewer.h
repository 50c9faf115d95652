// EntryViewer: the editor pane's fallback for entries without an editor of their own (a
// website's alias entry, a branch): every attribute of the entry, read-only, live.
#pragma once

#include "console/entityeditor.h"

class QTableWidget;

namespace Isp::Console {

class EntryViewer : public EntityEditor
{
    Q_OBJECT

public:
    explicit EntryViewer(const ConsoleContext &context, QWidget *parent = nullptr);
    void load(const Core::LdapDn &dn) override;

private:
    void show(const Core::LdapEntry &entry);
    QTableWidget *m_table;
};

} // namespace Isp::Console
