#pragma once

#include "ingest/marquezpull.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace meshlens {

/// "Connect to Marquez…": the server URL, a namespace (listed from the server), an optional
/// start time and API key, and a Test connection button that lists the namespaces off the
/// UI thread. The URL is remembered; the API key never is (it lives in this dialog and the
/// pull job only).
class MarquezDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit MarquezDialog(QWidget *parent = nullptr);
    ~MarquezDialog() override;

    /// What to pull, as the user set it.
    MarquezPullOptions options() const;
    void setServerUrl(const QString &url);
    /// Lists the server's namespaces into the combo box and says how it went.
    void testConnection();

    QComboBox *namespaceBox() const { return m_namespace; }
    QLabel *statusLabel() const { return m_status; }
    QLineEdit *apiKeyEdit() const { return m_apiKey; }

Q_SIGNALS:
    /// A Test connection finished (ok or not); the status label says how.
    void connectionTested(bool ok);

private:
    void accept() override;
    void showStatus(const QString &text, bool error);
    void onTested(quint64 job, const Result<QStringList> &result);
    void updateButtons();

    QLineEdit *m_url;
    QComboBox *m_namespace;
    QCheckBox *m_useSince;
    QDateTimeEdit *m_since;
    QLineEdit *m_apiKey;
    QPushButton *m_test;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    quint64 m_testJob = 0;
    std::shared_ptr<std::atomic_bool> m_cancelTest;
};

}  // namespace meshlens
