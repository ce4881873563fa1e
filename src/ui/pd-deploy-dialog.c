/* pd-deploy-dialog.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-deploy-dialog.h"

/* The confirmation of one deploy action of a pipeline's toolbar: what will
 * happen, the few inputs the action takes, checked as the user types, and
 * the answer as typed values. */
struct _PdDeployDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkWidget        *extra_box;
  GtkEntry         *variables_entry;
  GtkCheckButton   *abandon_check;
  GtkCheckButton   *failed_check;
  GtkCheckButton   *all_check;
  GtkEntry         *reason_entry;
  GtkEntry         *summary_entry;
  GtkLabel         *hint_label;

  /* Owned references */
  char             *pipeline_name;
  char             *stage_name;
  char             *action_name;
  char             *execution_id;
  char             *revision;
  char             *warning;

  /* Flags */
  PdDeployKind      kind;
  guint             with_variables : 1;
};

G_DEFINE_FINAL_TYPE (PdDeployDialog, pd_deploy_dialog, ADW_TYPE_MESSAGE_DIALOG)

G_DEFINE_ENUM_TYPE (PdDeployKind, pd_deploy_kind,
                    G_DEFINE_ENUM_VALUE (PD_DEPLOY_KIND_RELEASE, "release"),
                    G_DEFINE_ENUM_VALUE (PD_DEPLOY_KIND_STOP, "stop"),
                    G_DEFINE_ENUM_VALUE (PD_DEPLOY_KIND_RETRY, "retry"),
                    G_DEFINE_ENUM_VALUE (PD_DEPLOY_KIND_APPROVE, "approve"),
                    G_DEFINE_ENUM_VALUE (PD_DEPLOY_KIND_REJECT, "reject"),
                    G_DEFINE_ENUM_VALUE (PD_DEPLOY_KIND_DISABLE_TRANSITION, "disable-transition"),
                    G_DEFINE_ENUM_VALUE (PD_DEPLOY_KIND_ENABLE_TRANSITION, "enable-transition"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_PIPELINE_NAME,
  PROP_STAGE_NAME,
  PROP_ACTION_NAME,
  PROP_EXECUTION_ID,
  PROP_REVISION,
  PROP_WARNING,
  PROP_WITH_VARIABLES,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* AWS accepts only these characters in a transition's reason. */
static const char reason_chars[] =
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@ ().*?-";
#define REASON_MAX 300
#define STOP_REASON_MAX 200

/* The response that confirms each kind, in the order of PdDeployKind. */
static const char * const confirm_responses[] = {
  "start", "stop", "retry", "approve", "reject", "disable", "enable",
};

static gboolean
reason_is_valid (const char *reason)
{
  gsize length = strlen (reason);

  return length > 0 && length <= REASON_MAX && strspn (reason, reason_chars) == length;
}

/* Parses "name=value, name2=value2"; returns NULL and sets @error when bad. */
static GHashTable *
parse_variables (const char  *text,
                 char       **error)
{
  g_autoptr(GHashTable) variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) parts = NULL;

  if (text == NULL || text[0] == '\0')
    return g_steal_pointer (&variables);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *equal = strchr (part, '=');
      g_autofree char *name = NULL;

      if (part[0] == '\0')
        continue;
      if (equal == NULL || equal == part)
        {
          /* Translators: %s is what the user typed */
          *error = g_strdup_printf (_("“%s” is not name=value"), part);
          return NULL;
        }
      name = g_strstrip (g_strndup (part, equal - part));
      if (!g_regex_match_simple ("^[A-Za-z0-9@\\-_]{1,128}$", name, 0, 0))
        {
          /* Translators: %s is a variable name */
          *error = g_strdup_printf (_("“%s” is not a valid variable name"), name);
          return NULL;
        }
      g_hash_table_insert (variables, g_steal_pointer (&name), g_strdup (g_strstrip (equal + 1)));
    }

  return g_steal_pointer (&variables);
}

static GHashTable *
parse_typed_variables (PdDeployDialog  *self,
                       char           **error)
{
  return parse_variables (gtk_editable_get_text (GTK_EDITABLE (self->variables_entry)), error);
}

static const char *
revision_text (PdDeployDialog *self)
{
  return self->revision != NULL && self->revision[0] != '\0' ? self->revision : _("unknown");
}

static void
show_problem (PdDeployDialog *self,
              const char     *problem)
{
  if (g_strcmp0 (pd_deploy_dialog_get_problem (self), problem) == 0)
    return;

  gtk_label_set_text (self->hint_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), problem != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* Checks the inputs and enables the confirming response only when AWS
 * would accept them. */
static void
validate (PdDeployDialog *self)
{
  const char *response = pd_deploy_dialog_get_confirm_response (self);

  if (self->kind == PD_DEPLOY_KIND_RELEASE && self->with_variables)
    {
      g_autofree char *error = NULL;
      g_autoptr(GHashTable) variables = NULL;

      variables = parse_typed_variables (self, &error);
      show_problem (self, error);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), response,
                                               variables != NULL);
    }
  else if (self->kind == PD_DEPLOY_KIND_DISABLE_TRANSITION)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->reason_entry));
      gboolean valid = reason_is_valid (text);

      show_problem (self, !valid && text[0] != '\0'
                          ? _("Use only letters, digits, spaces and ! @ ( ) . * ? -") : NULL);
      if (valid)
        gtk_widget_remove_css_class (GTK_WIDGET (self->reason_entry), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->reason_entry), "error");
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), response, valid);
    }
}

static void
on_input_changed_cb (PdDeployDialog *self)
{
  validate (self);
}

static void
describe (PdDeployDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  const char *response = pd_deploy_dialog_get_confirm_response (self);
  g_autofree char *body = NULL;

  switch (self->kind)
    {
    case PD_DEPLOY_KIND_RELEASE:
      if (self->warning != NULL)
        /* Translators: a pipeline name, then a warning about running executions */
        body = g_strdup_printf (_("A new execution of “%s” will run from the latest source revision.\n\n%s"),
                                self->pipeline_name, self->warning);
      else
        /* Translators: a pipeline name */
        body = g_strdup_printf (_("A new execution of “%s” will run from the latest source revision."),
                                self->pipeline_name);
      adw_message_dialog_set_heading (dialog, _("Release Change?"));
      adw_message_dialog_add_response (dialog, response, _("_Release"));
      adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_SUGGESTED);
      break;

    case PD_DEPLOY_KIND_STOP:
      /* Translators: a pipeline name, an execution ID and a source revision */
      body = g_strdup_printf (_("Execution %2$s of “%1$s” (revision %3$s) will stop."),
                              self->pipeline_name, self->execution_id, revision_text (self));
      adw_message_dialog_set_heading (dialog, _("Stop Execution?"));
      adw_message_dialog_add_response (dialog, response, _("_Stop"));
      adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
      break;

    case PD_DEPLOY_KIND_RETRY:
      /* Translators: a stage name, a pipeline name and a source revision */
      body = g_strdup_printf (_("Stage “%s” of “%s” will run again on revision %s."),
                              self->stage_name, self->pipeline_name, revision_text (self));
      adw_message_dialog_set_heading (dialog, _("Retry Failed Stage?"));
      adw_message_dialog_add_response (dialog, response, _("_Retry"));
      adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_SUGGESTED);
      break;

    case PD_DEPLOY_KIND_APPROVE:
    case PD_DEPLOY_KIND_REJECT:
      /* Translators: an action name, a stage name, a pipeline name and a revision */
      body = g_strdup_printf (_("“%s” in stage “%s” of “%s” waits for an answer on revision %s."),
                              self->action_name, self->stage_name, self->pipeline_name,
                              revision_text (self));
      if (self->kind == PD_DEPLOY_KIND_APPROVE)
        {
          adw_message_dialog_set_heading (dialog, _("Approve?"));
          adw_message_dialog_add_response (dialog, response, _("_Approve"));
          adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_SUGGESTED);
        }
      else
        {
          adw_message_dialog_set_heading (dialog, _("Reject?"));
          adw_message_dialog_add_response (dialog, response, _("_Reject"));
          adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
        }
      break;

    case PD_DEPLOY_KIND_DISABLE_TRANSITION:
      /* Translators: a stage name and a pipeline name */
      body = g_strdup_printf (_("Executions of “%2$s” will wait before stage “%1$s” until the transition is enabled again."),
                              self->stage_name, self->pipeline_name);
      adw_message_dialog_set_heading (dialog, _("Disable Transition?"));
      adw_message_dialog_add_response (dialog, response, _("_Disable"));
      adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
      break;

    case PD_DEPLOY_KIND_ENABLE_TRANSITION:
    default:
      /* Translators: a stage name and a pipeline name */
      body = g_strdup_printf (_("Executions of “%2$s” will move into stage “%1$s” again."),
                              self->stage_name, self->pipeline_name);
      adw_message_dialog_set_heading (dialog, _("Enable Transition?"));
      adw_message_dialog_add_response (dialog, response, _("_Enable"));
      adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_SUGGESTED);
      break;
    }

  adw_message_dialog_set_body (dialog, body);
}

/* Shows the inputs of this kind only. */
static void
show_inputs (PdDeployDialog *self)
{
  gboolean variables = self->kind == PD_DEPLOY_KIND_RELEASE && self->with_variables;
  gboolean stop = self->kind == PD_DEPLOY_KIND_STOP;
  gboolean retry = self->kind == PD_DEPLOY_KIND_RETRY;
  gboolean disable = self->kind == PD_DEPLOY_KIND_DISABLE_TRANSITION;
  gboolean summary = self->kind == PD_DEPLOY_KIND_APPROVE || self->kind == PD_DEPLOY_KIND_REJECT;

  gtk_widget_set_visible (GTK_WIDGET (self->variables_entry), variables);
  gtk_widget_set_visible (GTK_WIDGET (self->abandon_check), stop);
  gtk_widget_set_visible (GTK_WIDGET (self->failed_check), retry);
  gtk_widget_set_visible (GTK_WIDGET (self->all_check), retry);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_entry), stop || disable);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_entry), summary);
  gtk_widget_set_visible (self->extra_box, variables || stop || retry || disable || summary);
  gtk_entry_set_max_length (self->reason_entry, disable ? REASON_MAX : STOP_REASON_MAX);

  /* A screen reader reads why the input is refused along with the input. */
  if (variables || disable)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (pd_deploy_dialog_get_entry (self)),
                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->hint_label, NULL,
                                    -1);
}

static void
pd_deploy_dialog_constructed (GObject *object)
{
  PdDeployDialog *self = PD_DEPLOY_DIALOG (object);

  G_OBJECT_CLASS (pd_deploy_dialog_parent_class)->constructed (object);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"));
  describe (self);
  show_inputs (self);
  validate (self);
}

static void
pd_deploy_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_DEPLOY_DIALOG);

  G_OBJECT_CLASS (pd_deploy_dialog_parent_class)->dispose (object);
}

static void
pd_deploy_dialog_finalize (GObject *object)
{
  PdDeployDialog *self = PD_DEPLOY_DIALOG (object);

  g_clear_pointer (&self->pipeline_name, g_free);
  g_clear_pointer (&self->stage_name, g_free);
  g_clear_pointer (&self->action_name, g_free);
  g_clear_pointer (&self->execution_id, g_free);
  g_clear_pointer (&self->revision, g_free);
  g_clear_pointer (&self->warning, g_free);

  G_OBJECT_CLASS (pd_deploy_dialog_parent_class)->finalize (object);
}

static void
pd_deploy_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdDeployDialog *self = PD_DEPLOY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_PIPELINE_NAME:
      g_value_set_string (value, self->pipeline_name);
      break;

    case PROP_STAGE_NAME:
      g_value_set_string (value, self->stage_name);
      break;

    case PROP_ACTION_NAME:
      g_value_set_string (value, self->action_name);
      break;

    case PROP_EXECUTION_ID:
      g_value_set_string (value, self->execution_id);
      break;

    case PROP_REVISION:
      g_value_set_string (value, self->revision);
      break;

    case PROP_WARNING:
      g_value_set_string (value, self->warning);
      break;

    case PROP_WITH_VARIABLES:
      g_value_set_boolean (value, self->with_variables);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, pd_deploy_dialog_get_problem (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_deploy_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdDeployDialog *self = PD_DEPLOY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_PIPELINE_NAME:
      self->pipeline_name = g_value_dup_string (value);
      break;

    case PROP_STAGE_NAME:
      self->stage_name = g_value_dup_string (value);
      break;

    case PROP_ACTION_NAME:
      self->action_name = g_value_dup_string (value);
      break;

    case PROP_EXECUTION_ID:
      self->execution_id = g_value_dup_string (value);
      break;

    case PROP_REVISION:
      self->revision = g_value_dup_string (value);
      break;

    case PROP_WARNING:
      self->warning = g_value_dup_string (value);
      break;

    case PROP_WITH_VARIABLES:
      self->with_variables = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                               G_PARAM_STATIC_STRINGS));
}

static void
pd_deploy_dialog_class_init (PdDeployDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pd_deploy_dialog_constructed;
  object_class->dispose = pd_deploy_dialog_dispose;
  object_class->finalize = pd_deploy_dialog_finalize;
  object_class->get_property = pd_deploy_dialog_get_property;
  object_class->set_property = pd_deploy_dialog_set_property;

  /**
   * PdDeployDialog:kind:
   *
   * Which deploy action the dialog confirms.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PD_TYPE_DEPLOY_KIND, PD_DEPLOY_KIND_RELEASE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdDeployDialog:pipeline-name:
   *
   * The pipeline the action acts on.
   */
  properties[PROP_PIPELINE_NAME] = string_property ("pipeline-name");

  /**
   * PdDeployDialog:stage-name:
   *
   * The stage retried, or whose inbound transition changes, or that holds
   * the approval.
   */
  properties[PROP_STAGE_NAME] = string_property ("stage-name");

  /**
   * PdDeployDialog:action-name:
   *
   * The approval action answered.
   */
  properties[PROP_ACTION_NAME] = string_property ("action-name");

  /**
   * PdDeployDialog:execution-id:
   *
   * The execution stopped.
   */
  properties[PROP_EXECUTION_ID] = string_property ("execution-id");

  /**
   * PdDeployDialog:revision:
   *
   * The source revision the execution runs on, if known.
   */
  properties[PROP_REVISION] = string_property ("revision");

  /**
   * PdDeployDialog:warning:
   *
   * What a release would do to the executions already running, if anything.
   */
  properties[PROP_WARNING] = string_property ("warning");

  /**
   * PdDeployDialog:with-variables:
   *
   * Whether a release takes pipeline variables (V2 pipelines).
   */
  properties[PROP_WITH_VARIABLES] =
    g_param_spec_boolean ("with-variables", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdDeployDialog:problem:
   *
   * Why the inputs cannot be sent as they are, as shown under them, or %NULL.
   */
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-deploy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdDeployDialog, extra_box);
  gtk_widget_class_bind_template_child (widget_class, PdDeployDialog, variables_entry);
  gtk_widget_class_bind_template_child (widget_class, PdDeployDialog, abandon_check);
  gtk_widget_class_bind_template_child (widget_class, PdDeployDialog, failed_check);
  gtk_widget_class_bind_template_child (widget_class, PdDeployDialog, all_check);
  gtk_widget_class_bind_template_child (widget_class, PdDeployDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, PdDeployDialog, summary_entry);
  gtk_widget_class_bind_template_child (widget_class, PdDeployDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);
}

static void
pd_deploy_dialog_init (PdDeployDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PdDeployKind
pd_deploy_dialog_get_kind (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), PD_DEPLOY_KIND_RELEASE);
  return self->kind;
}

/* The ID of the response that carries the action out. */
const char *
pd_deploy_dialog_get_confirm_response (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);
  g_return_val_if_fail ((guint) self->kind < G_N_ELEMENTS (confirm_responses), NULL);

  return confirm_responses[self->kind];
}

/* Whether @response carries the action out with inputs AWS accepts; a
 * response sent by hand while the button is disabled does not. */
gboolean
pd_deploy_dialog_is_confirmed (PdDeployDialog *self,
                               const char     *response)
{
  const char *confirm;

  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), FALSE);

  confirm = pd_deploy_dialog_get_confirm_response (self);
  if (g_strcmp0 (response, confirm) != 0)
    return FALSE;

  switch (self->kind)
    {
    case PD_DEPLOY_KIND_RELEASE:
      {
        g_autoptr(GHashTable) variables = NULL;
        g_autofree char *error = NULL;

        if (!self->with_variables)
          return TRUE;
        variables = parse_typed_variables (self, &error);
        return variables != NULL;
      }

    case PD_DEPLOY_KIND_DISABLE_TRANSITION:
      return reason_is_valid (pd_deploy_dialog_get_reason (self));

    case PD_DEPLOY_KIND_STOP:
    case PD_DEPLOY_KIND_RETRY:
    case PD_DEPLOY_KIND_APPROVE:
    case PD_DEPLOY_KIND_REJECT:
    case PD_DEPLOY_KIND_ENABLE_TRANSITION:
    default:
      return TRUE;
    }
}

const char *
pd_deploy_dialog_get_pipeline_name (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);
  return self->pipeline_name;
}

const char *
pd_deploy_dialog_get_stage_name (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);
  return self->stage_name;
}

const char *
pd_deploy_dialog_get_action_name (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);
  return self->action_name;
}

const char *
pd_deploy_dialog_get_execution_id (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);
  return self->execution_id;
}

/* Why the inputs are refused, as the dialog shows it, or NULL. */
const char *
pd_deploy_dialog_get_problem (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->hint_label)))
    return NULL;
  return gtk_label_get_text (self->hint_label);
}

/* The variables of a release, or NULL when there are none or they are bad. */
GHashTable *
pd_deploy_dialog_dup_variables (PdDeployDialog *self)
{
  g_autoptr(GHashTable) variables = NULL;
  g_autofree char *error = NULL;

  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);

  if (self->kind != PD_DEPLOY_KIND_RELEASE || !self->with_variables)
    return NULL;

  variables = parse_typed_variables (self, &error);
  if (variables == NULL || g_hash_table_size (variables) == 0)
    return NULL;
  return g_steal_pointer (&variables);
}

gboolean
pd_deploy_dialog_get_abandon (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), FALSE);
  return self->kind == PD_DEPLOY_KIND_STOP && gtk_check_button_get_active (self->abandon_check);
}

PdAwsRetryMode
pd_deploy_dialog_get_retry_mode (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), PD_AWS_RETRY_MODE_FAILED_ACTIONS);

  return gtk_check_button_get_active (self->all_check) ? PD_AWS_RETRY_MODE_ALL_ACTIONS
                                                       : PD_AWS_RETRY_MODE_FAILED_ACTIONS;
}

/* The reason typed for a stop or for disabling a transition. */
const char *
pd_deploy_dialog_get_reason (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->reason_entry));
}

const char *
pd_deploy_dialog_get_summary (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->summary_entry));
}

/* Test hook: the text field of this kind (variables, reason or summary),
 * or NULL when it has none. */
GtkEditable *
pd_deploy_dialog_get_entry (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);

  switch (self->kind)
    {
    case PD_DEPLOY_KIND_RELEASE:
      return self->with_variables ? GTK_EDITABLE (self->variables_entry) : NULL;
    case PD_DEPLOY_KIND_STOP:
    case PD_DEPLOY_KIND_DISABLE_TRANSITION:
      return GTK_EDITABLE (self->reason_entry);
    case PD_DEPLOY_KIND_APPROVE:
    case PD_DEPLOY_KIND_REJECT:
      return GTK_EDITABLE (self->summary_entry);
    case PD_DEPLOY_KIND_RETRY:
    case PD_DEPLOY_KIND_ENABLE_TRANSITION:
    default:
      return NULL;
    }
}

/* Test hook: the check button of this kind (Abandon for a stop, All actions
 * for a retry), or NULL when it has none. */
GtkCheckButton *
pd_deploy_dialog_get_option (PdDeployDialog *self)
{
  g_return_val_if_fail (PD_IS_DEPLOY_DIALOG (self), NULL);

  if (self->kind == PD_DEPLOY_KIND_STOP)
    return self->abandon_check;
  if (self->kind == PD_DEPLOY_KIND_RETRY)
    return self->all_check;
  return NULL;
}
