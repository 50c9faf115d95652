#include "console/editorfactory.h"

#include "console/entryviewer.h"

namespace Isp::Console {

EntityEditor *createEditor(EntityKind kind, const ConsoleContext &context, QWidget *parent)
{
    switch (kind) {
    default:
        break;
    }
    return new EntryViewer(context, parent);
}

bool canCreate(EntityKind kind)
{
    switch (kind) {
    default:
        return false;
    }
}

} // namespace Isp::Console
