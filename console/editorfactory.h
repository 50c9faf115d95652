// The editor for each kind of entry; entries without one get the read-only EntryViewer.
#pragma once

#include "console/entitykind.h"
#include "console/entityeditor.h"

namespace Isp::Console {

// Never null.
EntityEditor *createEditor(EntityKind kind, const ConsoleContext &context, QWidget *parent);
// True when the kind's editor can create new entries (EntityEditor::startNew).
bool canCreate(EntityKind kind);

} // namespace Isp::Console
