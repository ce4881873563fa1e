/* pd-error-state.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-aws-error.h"
#include "pd-error-state.h"

/* What a place shows when its first load failed: what failed in plain
 * words, the error itself, the AWS code and request ID, and Retry. The
 * owner keeps trying behind it and hides it once a load succeeds. */

struct _PdErrorState
{
  GtkWidget      parent_instance;

  /* Template widgets */
  AdwStatusPage *status_page;
  GtkLabel      *message_label;
  GtkLabel      *details_label;
  GtkButton     *retry_button;
  GtkSpinner    *retry_spinner;

  /* Owned references */
  GError        *error;

  /* Flags */
  guint          retrying : 1;
};

G_DEFINE_FINAL_TYPE (PdErrorState, pd_error_state, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_RETRYING,
  N_PROPS
};

enum {
  RETRY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_network_error (const GError *error)
{
  if (error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR)
    return TRUE;
  if (error->domain != G_IO_ERROR)
    return FALSE;
  switch (error->code)
    {
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
    case G_IO_ERROR_CONNECTION_CLOSED:
    case G_IO_ERROR_NOT_CONNECTED:
    case G_IO_ERROR_PROXY_FAILED:
    case G_IO_ERROR_TIMED_OUT:
    case G_IO_ERROR_PARTIAL_INPUT:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * pd_error_dup_plain_words:
 * @error: an error of a request
 *
 * Returns: (transfer full): one sentence that says what went wrong without
 *   AWS's vocabulary
 */
char *
pd_error_dup_plain_words (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (is_network_error (error))
    return g_strdup (_("Pipedeck could not reach the service. Check the network and the "
                       "account’s endpoint."));
  if (error->domain != PD_AWS_ERROR)
    return g_strdup (_("The request could not be completed."));

  switch ((PdAwsError) error->code)
    {
    case PD_AWS_ERROR_ACCESS_DENIED:
      return g_strdup (_("These credentials are not allowed to do this."));
    case PD_AWS_ERROR_THROTTLED:
      return g_strdup (_("AWS is limiting how fast requests may be sent."));
    case PD_AWS_ERROR_EXPIRED_TOKEN:
    case PD_AWS_ERROR_AUTH:
    case PD_AWS_ERROR_CREDENTIALS:
      return g_strdup (_("The credentials were not accepted."));
    case PD_AWS_ERROR_NOT_FOUND:
      return g_strdup (_("It no longer exists, or is in another account or region."));
    case PD_AWS_ERROR_CLOCK_SKEW:
      return g_strdup (_("This computer’s clock is too far from the service’s."));
    case PD_AWS_ERROR_SERVER:
      return g_strdup (_("The service had a problem on its side."));
    case PD_AWS_ERROR_CONFIG:
    case PD_AWS_ERROR_ENDPOINT:
      return g_strdup (_("The account’s endpoint or settings cannot be used."));
    case PD_AWS_ERROR_PARSE:
    case PD_AWS_ERROR_TOO_LARGE:
      return g_strdup (_("The answer was not a readable AWS response."));
    case PD_AWS_ERROR_TIMEOUT:
      return g_strdup (_("The service took too long to answer."));
    case PD_AWS_ERROR_KEYRING:
      return g_strdup (_("The keyring could not be used."));
    case PD_AWS_ERROR_VALIDATION:
    case PD_AWS_ERROR_CONFLICT:
    case PD_AWS_ERROR_FAILED:
    default:
      return g_strdup (_("The service refused the request."));
    }
}

/**
 * pd_error_dup_details:
 * @error: an error of a request
 *
 * Returns: (transfer full) (nullable): the AWS error code, HTTP status and
 *   request ID that came with @error, or %NULL when it has none
 */
char *
pd_error_dup_details (const GError *error)
{
  const char *code;
  const char *request_id;
  guint status;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (error != NULL, NULL);

  code = pd_aws_error_get_aws_code (error);
  request_id = pd_aws_error_get_request_id (error);
  status = pd_aws_error_get_http_status (error);

  if (code != NULL && code[0] != '\0')
    /* Translators: the error code that AWS answered with */
    g_ptr_array_add (parts, g_strdup_printf (_("Code %s"), code));
  if (status > 0)
    /* Translators: an HTTP status code such as 503 */
    g_ptr_array_add (parts, g_strdup_printf (_("HTTP %u"), status));
  if (request_id != NULL && request_id[0] != '\0')
    g_ptr_array_add (parts, g_strdup_printf (_("Request ID %s"), request_id));
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
update (PdErrorState *self)
{
  g_autofree char *words = NULL;
  g_autofree char *details = NULL;

  if (self->error != NULL)
    {
      words = pd_error_dup_plain_words (self->error);
      details = pd_error_dup_details (self->error);
    }
  adw_status_page_set_description (self->status_page, words);
  gtk_label_set_text (self->message_label, self->error != NULL ? self->error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), self->error != NULL);
  gtk_label_set_text (self->details_label, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), details != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_spinner), self->retrying);
  gtk_spinner_set_spinning (self->retry_spinner, self->retrying);
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), !self->retrying);
}

static void
on_retry_clicked_cb (PdErrorState *self,
                     GtkButton    *button)
{
  pd_error_state_retry (self);
}

static void
pd_error_state_dispose (GObject *object)
{
  PdErrorState *self = PD_ERROR_STATE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_ERROR_STATE);

  G_OBJECT_CLASS (pd_error_state_parent_class)->dispose (object);
}

static void
pd_error_state_finalize (GObject *object)
{
  PdErrorState *self = PD_ERROR_STATE (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (pd_error_state_parent_class)->finalize (object);
}

static void
pd_error_state_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdErrorState *self = PD_ERROR_STATE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, pd_error_state_get_title (self));
      break;
    case PROP_RETRYING:
      g_value_set_boolean (value, self->retrying);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_error_state_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PdErrorState *self = PD_ERROR_STATE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      pd_error_state_set_title (self, g_value_get_string (value));
      break;
    case PROP_RETRYING:
      pd_error_state_set_retrying (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_error_state_class_init (PdErrorStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_error_state_dispose;
  object_class->finalize = pd_error_state_finalize;
  object_class->get_property = pd_error_state_get_property;
  object_class->set_property = pd_error_state_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRYING] =
    g_param_spec_boolean ("retrying", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdErrorState::retry:
   *
   * The user asked to load again.
   */
  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pipedeck/Pipedeck/ui/pd-error-state.ui");
  gtk_widget_class_bind_template_child (widget_class, PdErrorState, status_page);
  gtk_widget_class_bind_template_child (widget_class, PdErrorState, message_label);
  gtk_widget_class_bind_template_child (widget_class, PdErrorState, details_label);
  gtk_widget_class_bind_template_child (widget_class, PdErrorState, retry_button);
  gtk_widget_class_bind_template_child (widget_class, PdErrorState, retry_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "pd-error-state");
}

static void
pd_error_state_init (PdErrorState *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
pd_error_state_new (void)
{
  return g_object_new (PD_TYPE_ERROR_STATE, NULL);
}

const char *
pd_error_state_get_title (PdErrorState *self)
{
  g_return_val_if_fail (PD_IS_ERROR_STATE (self), NULL);
  return adw_status_page_get_title (self->status_page);
}

void
pd_error_state_set_title (PdErrorState *self,
                          const char   *title)
{
  g_return_if_fail (PD_IS_ERROR_STATE (self));

  if (g_strcmp0 (title, adw_status_page_get_title (self->status_page)) == 0)
    return;
  adw_status_page_set_title (self->status_page, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const GError *
pd_error_state_get_error (PdErrorState *self)
{
  g_return_val_if_fail (PD_IS_ERROR_STATE (self), NULL);
  return self->error;
}

/**
 * pd_error_state_set_error:
 * @self: a #PdErrorState
 * @error: (nullable): the error to show
 *
 * Shows @error; a new error also ends the retrying state.
 */
void
pd_error_state_set_error (PdErrorState *self,
                          const GError *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PD_IS_ERROR_STATE (self));

  if (self->error != error)
    {
      g_clear_error (&self->error);
      self->error = error != NULL ? g_error_copy (error) : NULL;
    }
  self->retrying = FALSE;
  update (self);
  text = pd_error_state_dup_text (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRYING]);
}

gboolean
pd_error_state_get_retrying (PdErrorState *self)
{
  g_return_val_if_fail (PD_IS_ERROR_STATE (self), FALSE);
  return self->retrying;
}

void
pd_error_state_set_retrying (PdErrorState *self,
                             gboolean      retrying)
{
  g_return_if_fail (PD_IS_ERROR_STATE (self));

  retrying = !!retrying;
  if (self->retrying == retrying)
    return;
  self->retrying = retrying;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRYING]);
}

/**
 * pd_error_state_dup_text:
 * @self: a #PdErrorState
 *
 * Returns: (transfer full): everything the state says, one part a line:
 *   the plain words, the error, then the code and request ID
 */
char *
pd_error_state_dup_text (PdErrorState *self)
{
  g_autofree char *words = NULL;
  g_autofree char *details = NULL;

  g_return_val_if_fail (PD_IS_ERROR_STATE (self), NULL);

  if (self->error == NULL)
    return g_strdup ("");
  words = pd_error_dup_plain_words (self->error);
  details = pd_error_dup_details (self->error);
  return g_strjoin ("\n", words, self->error->message, details, NULL);
}

/**
 * pd_error_state_retry:
 * @self: a #PdErrorState
 *
 * Does what the Retry button does: shows that a retry runs and emits
 * #PdErrorState::retry.
 */
void
pd_error_state_retry (PdErrorState *self)
{
  g_return_if_fail (PD_IS_ERROR_STATE (self));

  if (self->retrying)
    return;
  pd_error_state_set_retrying (self, TRUE);
  g_signal_emit (self, signals[RETRY], 0);
}
