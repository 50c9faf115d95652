#include "console/mainwindow.h"

#include "console/dialogs/customerview.h"
#include "console/dialogs/exportdialog.h"
#include "console/dialogs/importdialog.h"
#include "console/editorfactory.h"
#include "console/entityeditor.h"
#include "console/opsview.h"
#include "console/treemodel.h"

#include "core/ldap/ldapfilter.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>
#include <QUndoView>
#include <QVBoxLayout>

namespace Isp::Console {

using namespace Isp::Core;

MainWindow::MainWindow(const ConsoleContext &context, const QString &where, QWidget *parent)
    : QMainWindow(parent), m_context(context)
{
    setWindowTitle(tr("ISPMan console — %1").arg(where));
    setObjectName(QStringLiteral("mainWindow"));

    m_model = new DirectoryTreeModel(context.live, context.dit, this);
    m_proxy = new TreeProxyModel(this);
    m_proxy->setSourceModel(m_model);

    auto *split = new QSplitter(this);
    auto *left = new QWidget(split);
    auto *lv = new QVBoxLayout(left);
    lv->setContentsMargins(4, 4, 0, 4);
    m_filter = new QLineEdit(left);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter (Ctrl+F) — Enter searches the whole directory"));
    m_filter->setClearButtonEnabled(true);
    lv->addWidget(m_filter);
    m_tree = new QTreeView(left);
    m_tree->setObjectName(QStringLiteral("tree"));
    m_tree->setModel(m_proxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(0, Qt::AscendingOrder);
    m_tree->setUniformRowHeights(true); // large folders scroll without measuring every row
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, 250);
    lv->addWidget(m_tree);

    m_tabs = new QTabWidget(split);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_editorArea = new QScrollArea(m_tabs);
    m_editorArea->setWidgetResizable(true);
    m_editorArea->setObjectName(QStringLiteral("editorArea"));
    auto *welcome = new QLabel(tr("<h2>ISPMan</h2><p>Select a domain, a host or any other entry in the tree to see and "
                                  "edit it. Changes made elsewhere appear here as they happen.</p>"
                                  "<p>Ctrl+N creates an entry in the selected folder; Ctrl+Z undoes the last change.</p>"),
                               m_editorArea);
    welcome->setWordWrap(true);
    welcome->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    welcome->setMargin(12);
    m_editorArea->setWidget(welcome);
    m_tabs->addTab(m_editorArea, tr("&Editor"));
    m_ops = new OpsView(context, m_tabs);
    m_tabs->addTab(m_ops, tr("&Operations"));
    // What a domain's owner sees in the customer panel (needs the panel's address and key).
    // Qt WebEngine starts a browser process: only when the tab is first opened.
    m_customerTab = new QWidget(m_tabs);
    m_customerTab->setObjectName(QStringLiteral("customerTab"));
    new QVBoxLayout(m_customerTab);
    m_tabs->addTab(m_customerTab, tr("&Customer view"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_customerTab)
            customerView();
    });
    split->addWidget(left);
    split->addWidget(m_tabs);
    split->setStretchFactor(1, 1);
    split->setSizes({430, 850});
    setCentralWidget(split);

    // Command history (undo/redo by clicking) and search results.
    auto *history = new QDockWidget(tr("History"), this);
    history->setObjectName(QStringLiteral("historyDock"));
    auto *undoView = new QUndoView(context.commands->undoStack(), history);
    undoView->setEmptyLabel(tr("<start>"));
    history->setWidget(undoView);
    addDockWidget(Qt::RightDockWidgetArea, history);
    auto *resultsDock = new QDockWidget(tr("Search results"), this);
    resultsDock->setObjectName(QStringLiteral("resultsDock"));
    m_results = new QListWidget(resultsDock);
    m_results->setObjectName(QStringLiteral("results"));
    resultsDock->setWidget(m_results);
    addDockWidget(Qt::RightDockWidgetArea, resultsDock);
    resultsDock->hide();
    resizeDocks({history}, {220}, Qt::Horizontal);

    m_liveLabel = new QLabel(this);
    m_busyLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_busyLabel);
    statusBar()->addPermanentWidget(m_liveLabel);

    buildMenus();

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        if (!text.isEmpty())
            m_tree->expandAll(); // only loaded levels: expandAll does not fetch
    });
    connect(m_filter, &QLineEdit::returnPressed, this, [this, resultsDock] {
        if (m_filter->text().trimmed().isEmpty())
            return;
        resultsDock->show();
        search(m_filter->text().trimmed());
    });
    connect(m_results, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        openDn(item->data(Qt::UserRole).toString());
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(m_ops, &OpsView::openRequested, this, [this](const QString &dn) {
        openDn(dn);
        m_tabs->setCurrentWidget(m_editorArea);
    });
    connect(context.live, &LiveDirectory::liveChanged, this, &MainWindow::updateStatus);
    connect(context.backend, &Backend::busyChanged, this, &MainWindow::updateStatus);
    connect(context.commands, &CommandStack::executed, this, [this](const QString &text) {
        statusBar()->showMessage(tr("Done: %1").arg(text), 5000);
    });
    connect(context.commands, &CommandStack::failed, this, [this](const QString &text, const OpError &error) {
        statusBar()->showMessage(tr("Failed: %1 — %2").arg(text, error.message), 10000);
    });
    updateStatus();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("console/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("console/state")).toByteArray()))
        resize(1280, 800);
    // Open the Domains folder: what an admin looks at first.
    m_tree->expand(m_proxy->mapFromSource(m_model->topFolder(QStringLiteral("domains"))));
    m_tree->expand(m_proxy->mapFromSource(m_model->childFolder(m_model->topFolder(QStringLiteral("domains")), QStringLiteral("primary"))));
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("console/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("console/state"), saveState());
    if (m_context.commands->isRunning()
        && QMessageBox::question(this, tr("Changes in progress"),
                                 tr("A change is still being saved. Quit anyway? It completes on the server or not at all."),
                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            != QMessageBox::Yes) {
        event->ignore();
        return;
    }
    event->accept();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *import = file->addAction(tr("&Import…"), this, [this] {
        auto *dialog = new ImportDialog(m_context, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    import->setToolTip(tr("Users from CSV, a zone file, or an ISPMan 1.x LDIF, with a preview"));
    QAction *exportAction = file->addAction(tr("&Export…"), this, [this] {
        auto *dialog = new ExportDialog(m_context, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        const QString domain = domainOf(LdapDn::parse(m_proxy->mapToSource(m_tree->currentIndex())
                                                          .data(DirectoryTreeModel::DnRole).toString()).value_or(LdapDn()));
        if (!domain.isEmpty())
            dialog->setDomain(domain);
        dialog->open();
    });
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_context.commands->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_context.commands->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction *newAction = edit->addAction(tr("&New in this folder…"), this, &MainWindow::newInSelection);
    newAction->setObjectName(QStringLiteral("actionNew"));
    newAction->setShortcut(QKeySequence::New);
    QAction *deleteAction = edit->addAction(tr("&Delete…"), this, &MainWindow::deleteSelection);
    deleteAction->setShortcut(QKeySequence::Delete);
    deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_tree->addAction(deleteAction);
    edit->addSeparator();
    QAction *find = edit->addAction(tr("&Find…"), this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    find->setShortcut(QKeySequence::Find);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *refresh = view->addAction(tr("&Reload this folder"), this, &MainWindow::refreshSelection);
    refresh->setShortcut(QKeySequence::Refresh);
    QAction *ops = view->addAction(tr("&Operations"), this, [this] { m_tabs->setCurrentWidget(m_ops); });
    ops->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    QAction *asCustomer = view->addAction(tr("&As the domain's owner"), this, &MainWindow::showCustomerView);
    asCustomer->setObjectName(QStringLiteral("actionCustomerView"));
    asCustomer->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    asCustomer->setToolTip(tr("Open the customer panel as the selected domain's owner"));
    QAction *editorTab = view->addAction(tr("&Editor"), this, [this] { m_tabs->setCurrentWidget(m_editorArea); });
    editorTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ISPMan"), this, [this] {
        QMessageBox::about(this, tr("About ISPMan"),
                           tr("<b>ISPMan console</b> %1<br>Runs an ISP's DNS, web, mail, FTP and databases from one "
                              "OpenLDAP directory.").arg(QApplication::applicationVersion()));
    });
}

void MainWindow::updateStatus()
{
    const bool live = m_context.live->isLive();
    m_liveLabel->setText(live ? tr("● live") : tr("○ reconnecting…"));
    m_liveLabel->setStyleSheet(live ? QStringLiteral("color: #1e7e34;") : QStringLiteral("color: #b00020;"));
    m_liveLabel->setToolTip(live ? tr("Changes made anywhere appear as they happen")
                                 : tr("The directory cannot be reached; the console reconnects by itself and keeps your edits"));
    m_busyLabel->setText(m_context.backend->busy() > 0 ? tr("saving…") : QString());
}

void MainWindow::showEditor(EntityEditor *editor)
{
    if (m_editor)
        m_editor->deleteLater();
    m_editor = editor;
    m_editorArea->takeWidget();
    m_editorArea->setWidget(editor);
    connect(editor, &EntityEditor::titleChanged, this, [this](const QString &title) {
        m_tabs->setTabText(m_tabs->indexOf(m_editorArea), title.isEmpty() ? tr("&Editor") : title);
    });
    connect(editor, &EntityEditor::finished, this, [this, editor] {
        if (m_editor == editor)
            m_tabs->setTabText(m_tabs->indexOf(m_editorArea), tr("&Editor"));
    });
}

void MainWindow::onCurrentChanged(const QModelIndex &current)
{
    const QModelIndex source = m_proxy->mapToSource(current);
    if (!source.isValid())
        return;
    if (source.data(DirectoryTreeModel::IsFolderRole).toBool()) {
        showFolder(source);
        return;
    }
    const auto kind = EntityKind(source.data(DirectoryTreeModel::KindRole).toInt());
    const auto dn = LdapDn::parse(source.data(DirectoryTreeModel::DnRole).toString());
    if (!dn)
        return;
    EntityEditor *editor = createEditor(kind, m_context, m_editorArea);
    showEditor(editor);
    editor->load(*dn);
    m_tabs->setCurrentWidget(m_editorArea);
}

void MainWindow::showFolder(const QModelIndex &source)
{
    if (m_editor)
        m_editor->deleteLater();
    m_editor = nullptr;
    auto *panel = new QWidget(m_editorArea);
    auto *v = new QVBoxLayout(panel);
    const auto holds = EntityKind(source.data(DirectoryTreeModel::KindRole).toInt());
    const QString container = source.data(DirectoryTreeModel::DnRole).toString();
    QString path = source.data().toString();
    for (QModelIndex p = source.parent(); p.isValid(); p = p.parent())
        path = p.data().toString() + QStringLiteral(" › ") + path;
    auto *title = new QLabel(QStringLiteral("<h2>%1</h2>").arg(path.toHtmlEscaped()), panel);
    v->addWidget(title);
    auto *count = new QLabel(panel);
    count->setObjectName(QStringLiteral("folderCount"));
    const int rows = m_model->rowCount(source);
    count->setText(m_model->canFetchMore(source) ? tr("Expand the folder to load it.") : tr("%n entry(ies) loaded.", nullptr, rows));
    v->addWidget(count);
    if (!container.isEmpty() && canCreate(holds)) {
        auto *add = new QPushButton(tr("New %1…").arg(kindName(holds).toLower()), panel);
        add->setObjectName(QStringLiteral("newButton"));
        connect(add, &QPushButton::clicked, this, [this, holds, container] { startNew(holds, container); });
        v->addWidget(add, 0, Qt::AlignLeft);
    }
    v->addStretch();
    m_editorArea->takeWidget();
    m_editorArea->setWidget(panel);
    m_tabs->setTabText(m_tabs->indexOf(m_editorArea), source.data().toString());
    m_tabs->setCurrentWidget(m_editorArea);
}

void MainWindow::openDn(const QString &text)
{
    const auto dn = LdapDn::parse(text);
    if (!dn)
        return;
    const QByteArray uuid = m_context.live->uuidOf(*dn);
    const QModelIndex at = uuid.isEmpty() ? QModelIndex() : m_model->indexOf(uuid);
    if (at.isValid()) {
        // Shown in the tree: select it there (which opens its editor).
        const QModelIndex proxied = m_proxy->mapFromSource(at);
        for (QModelIndex p = proxied.parent(); p.isValid(); p = p.parent())
            m_tree->expand(p);
        m_tree->setCurrentIndex(proxied);
        m_tree->scrollTo(proxied);
        return;
    }
    // Not loaded in the tree: read it to know what it is.
    m_context.backend->run<std::optional<LdapEntry>>(this, [dn = *dn](DirectorySession &s) -> OpResult<std::optional<LdapEntry>> {
        auto r = s.read(dn);
        if (!r.ok())
            return OpError::directory(r.error());
        return *r;
    }, [this, dn = *dn](OpResult<std::optional<LdapEntry>> r) {
        if (!r.ok() || !r->has_value()) {
            statusBar()->showMessage(r.ok() ? tr("%1 no longer exists").arg(dn.toString()) : r.error().message, 8000);
            return;
        }
        EntityEditor *editor = createEditor(kindOf(**r), m_context, m_editorArea);
        showEditor(editor);
        editor->load(dn);
        m_tabs->setCurrentWidget(m_editorArea);
    }, Backend::Wait::No);
}

void MainWindow::startNew(EntityKind kind, const QString &container)
{
    const auto dn = LdapDn::parse(container);
    if (!dn)
        return;
    EntityEditor *editor = createEditor(kind, m_context, m_editorArea);
    showEditor(editor);
    if (!editor->startNew(*dn)) {
        statusBar()->showMessage(tr("New entries of this kind are not made here."), 5000);
        return;
    }
    m_tabs->setCurrentWidget(m_editorArea);
}

void MainWindow::newInSelection()
{
    QModelIndex source = m_proxy->mapToSource(m_tree->currentIndex());
    if (source.isValid() && !source.data(DirectoryTreeModel::IsFolderRole).toBool())
        source = source.parent();
    if (!source.isValid())
        return;
    startNew(EntityKind(source.data(DirectoryTreeModel::KindRole).toInt()), source.data(DirectoryTreeModel::DnRole).toString());
}

void MainWindow::deleteSelection()
{
    // Editors own their delete (confirmation, what it cannot undo): press theirs.
    if (!m_editor)
        return;
    if (auto *button = m_editor->findChild<QPushButton *>(QStringLiteral("delete")); button && button->isEnabled())
        button->click();
}

void MainWindow::showCustomerView()
{
    const QString domain = domainOf(LdapDn::parse(m_proxy->mapToSource(m_tree->currentIndex())
                                                      .data(DirectoryTreeModel::DnRole).toString()).value_or(LdapDn()));
    m_tabs->setCurrentWidget(m_customerTab);
    if (!domain.isEmpty())
        customerView()->showDomain(domain);
}

CustomerView *MainWindow::customerView()
{
    if (!m_customer) {
        m_customer = new CustomerView(m_context, m_customerTab);
        m_customerTab->layout()->setContentsMargins(0, 0, 0, 0);
        m_customerTab->layout()->addWidget(m_customer);
    }
    return m_customer;
}

void MainWindow::refreshSelection()
{
    QModelIndex source = m_proxy->mapToSource(m_tree->currentIndex());
    if (source.isValid() && !source.data(DirectoryTreeModel::IsFolderRole).toBool())
        source = source.parent();
    const auto dn = LdapDn::parse(source.data(DirectoryTreeModel::DnRole).toString());
    if (dn && !dn->isEmpty())
        m_context.live->reload(*dn);
}

void MainWindow::search(const QString &text)
{
    m_results->clear();
    m_results->addItem(tr("Searching…"));
    const LdapDn base = m_context.dit.base();
    m_context.backend->run<QList<LdapEntry>>(this, [base, text](DirectorySession &s) -> OpResult<QList<LdapEntry>> {
        const QStringList attrs = {QStringLiteral("mailLocalAddress"), QStringLiteral("mailAlias"), QStringLiteral("ispmanDomain"),
                                   QStringLiteral("ispmanHostName"), QStringLiteral("ispmanVhostName"), QStringLiteral("cn"),
                                   QStringLiteral("uid"), QStringLiteral("relativeDomainName"), QStringLiteral("ispmanResellerName"),
                                   QStringLiteral("ispmanClientName")};
        QList<LdapFilter> any;
        for (const QString &a : attrs)
            any << LdapFilter::contains(a, text);
        LdapSearchRequest request;
        request.base = base;
        request.filter = LdapFilter::allOf({LdapFilter::negate(LdapFilter::objectClass(QStringLiteral("ispmanProcesses"))),
                                            LdapFilter::anyOf(any)});
        // The first 200 matches: one page, then stop.
        request.pageSize = 200;
        request.onPage = [](const QList<LdapEntry> &) { return false; };
        auto r = s.search(request);
        if (!r.ok())
            return OpError::directory(r.error());
        return r->entries;
    }, [this](OpResult<QList<LdapEntry>> r) {
        m_results->clear();
        if (!r.ok()) {
            m_results->addItem(r.error().message);
            return;
        }
        if (r->isEmpty())
            m_results->addItem(tr("Nothing found."));
        for (const LdapEntry &e : *r) {
            const EntityKind kind = kindOf(e);
            auto *item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(displayName(e, kind), kindName(kind)), m_results);
            item->setData(Qt::UserRole, e.dn().toString());
            item->setToolTip(e.dn().toString());
        }
    }, Backend::Wait::No);
}

} // namespace Isp::Console
