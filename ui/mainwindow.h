#pragma once

#include "mesh/snapshotdata.h"

#include <QMainWindow>

class QGraphicsView;
class QLabel;
class QMenu;
class QPrinter;
class QTabWidget;

namespace meshlens {

struct ExportOptions;
class GraphView;
class InspectorPanel;
class JobStatusWidget;
class LineagePanel;
class MappingFileActions;
class MeshDocument;
class NavigatorPanel;
class QuickOpen;
class RecentFiles;
class ViewToolBar;

/// The main window: navigator tree on the left, the products-by-domain graph in the centre,
/// the inspector on the right, background-job progress and mesh counts in the status bar.
/// It owns the MeshDocument; selecting a node in any view selects it in the others.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    MeshDocument *document() const { return m_document; }
    NavigatorPanel *navigator() const { return m_navigator; }
    GraphView *graphView() const { return m_graph; }
    LineagePanel *lineagePanel() const { return m_lineage; }
    QTabWidget *centralTabs() const { return m_tabs; }
    /// Switches to the lineage tab focused on `id`.
    void showLineage(NodeId id);
    /// Writes the current tab's whole picture to a .png, .svg or .pdf file.
    bool exportCurrentView(const QString &path, QString *error);
    /// Prints the current tab's whole picture on one page of `printer` (File › Print…).
    bool printCurrentView(QPrinter &printer, QString *error);
    InspectorPanel *inspector() const { return m_inspector; }
    QuickOpen *quickOpen() const { return m_quickOpen; }
    MappingFileActions *mappingFileActions() const { return m_mapping; }
    ViewToolBar *viewToolBar() const { return m_viewBar; }

    /// Opens a cache, or imports mesh files into the current cache: what a drop does.
    void openOrImport(const QStringList &paths);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    enum class SelectionSource { Navigator, Graph, Lineage, Inspector, Search, Reload };

    void createActions();
    void createDocks();
    void createStatusBar();
    void connectDocument();
    void restoreSettings();
    void saveSettings() const;

    void openCacheDialog();
    void importDialog();
    void exportDialog();
    void printDialog();
    void printPreviewDialog();
    /// The view in front, and what its pictures need in `options` (overlay, legend,
    /// foreground, level of detail).
    QGraphicsView *pictureOptions(ExportOptions &options) const;
    void onSnapshotLoaded();
    void onFailed(const QString &title, const QString &message, const QString &details);
    void offerUpgrade(const QString &path, int schema, Timestamp asOf);
    void selectNode(NodeId id, SelectionSource source);
    void updateStatus();
    void updateTitle();

    MeshDocument *m_document;
    NavigatorPanel *m_navigator;
    GraphView *m_graph;
    LineagePanel *m_lineage;
    QTabWidget *m_tabs;
    InspectorPanel *m_inspector;
    JobStatusWidget *m_jobStatus;
    RecentFiles *m_recent;
    QuickOpen *m_quickOpen;
    MappingFileActions *m_mapping;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_timeLabel = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    ViewToolBar *m_viewBar = nullptr;
    QByteArray m_selectedKey;  // kept across reloads: NodeIds are per snapshot, keys are not
};

}  // namespace meshlens
