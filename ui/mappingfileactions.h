#pragma once

#include <QObject>

class QAction;
class QLabel;
class QMenu;
class QWidget;

namespace meshlens {

class MeshDocument;

/// File › Mapping File: the YAML file (resources/mapping/README.md) that assigns domains and
/// products by namespace and name patterns and joins namespace aliases, applied to every
/// import, dropped file and Marquez pull, as `--mapping` is on the command line. The choice
/// persists (QSettings); the status bar names the file in use.
class MappingFileActions final : public QObject
{
    Q_OBJECT

public:
    MappingFileActions(MeshDocument *document, QWidget *window);

    void addTo(QMenu *menu);
    /// "Mapping: example-mapping.yaml", hidden when no mapping file is in use.
    QLabel *statusLabel() const { return m_label; }

    /// Reads the file and uses it from now on. With errors, nothing changes and
    /// `problem` lists them (file:line:column); returns whether the file is in use.
    bool use(const QString &path);
    void stopUsing();
    /// The file chosen in an earlier session, read again; one that is gone or now has errors
    /// is dropped with a status message.
    void restore();

Q_SIGNALS:
    void problem(const QString &title, const QString &message, const QString &details);
    void statusMessage(const QString &message);

private:
    void chooseFile();
    void update();

    MeshDocument *m_document;
    QWidget *m_window;
    QAction *m_use = nullptr;
    QAction *m_stop = nullptr;
    QLabel *m_label;
};

}  // namespace meshlens
