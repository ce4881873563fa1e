/* pd-api-page-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-api-page.h"
#include "pd-api-stage-edit.h"
#include "pd-error-state.h"

G_BEGIN_DECLS

struct _PdApiPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStack           *main_stack;
  GtkRevealer        *stale_banner;
  GtkLabel           *stale_label;
  GtkLabel           *api_title;
  GtkLabel           *api_facts;
  GtkLabel           *api_description;
  GtkWidget          *stage_box;
  GtkDropDown        *stage_dropdown;
  GtkWidget          *no_stages_page;
  GtkWidget          *stage_details;
  AdwActionRow       *invoke_row;
  AdwActionRow       *deployment_row;
  AdwActionRow       *logging_row;
  AdwActionRow       *tracing_row;
  AdwActionRow       *access_log_row;
  AdwActionRow       *cache_row;
  AdwActionRow       *canary_row;
  AdwActionRow       *web_acl_row;
  GtkListBox         *throttling_list;
  GtkListBox         *variables_list;
  GtkListView        *resources_view;
  GtkListBox         *authorizers_list;
  GtkWidget          *sidebar;
  GtkSearchEntry     *api_search;
  GtkStack           *sidebar_stack;
  GtkListView        *apis_view;
  GtkSpinner         *apis_spinner;
  PdErrorState       *apis_error;
  AdwStatusPage      *apis_empty_page;
  GtkWidget          *header;

  /* Owned references */
  PdAccountContext   *context;
  GHashTable         *cache;             /* context key → CacheEntry */
  PdApiList          *list;
  PdApiPoller        *poller;
  PdApi              *api;
  PdApiStage         *stage;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSingleSelection *selection;
  GtkStringList      *stage_names;
  GtkTreeListModel   *tree;
  GSignalGroup       *list_signals;
  GSignalGroup       *api_signals;
  GSignalGroup       *stage_signals;
  GSimpleActionGroup *actions;
  PdApiStageEdit     *undo;
  char               *pending_api;
  char               *pending_stage;

  /* Borrowed references */
  AdwMessageDialog   *dialog;            /* weak */

  /* Flags */
  guint               active : 1;
  guint               pending : 1;
  guint               selecting : 1;
  guint               applying : 1;
};

/* pd-api-page-details.c: the shown stage and the resource tree */
char       *pd_api_page_format_time              (GDateTime                *time);
GtkWidget  *pd_api_page_new_row                  (const char               *title,
                                                  const char               *subtitle);
GtkWidget  *pd_api_page_create_authorizer_row    (gpointer                  item,
                                                  gpointer                  user_data);
void        pd_api_page_update_stage_view        (PdApiPage                *self);
GListModel *pd_api_page_create_tree_children_cb  (gpointer                  item,
                                                  gpointer                  user_data);
void        pd_api_page_setup_tree_row_cb        (GtkSignalListItemFactory *factory,
                                                  GtkListItem              *item,
                                                  gpointer                  user_data);
void        pd_api_page_bind_tree_row_cb         (GtkSignalListItemFactory *factory,
                                                  GtkListItem              *item,
                                                  gpointer                  user_data);

/* pd-api-page-edit.c: Edit and Undo */
void        pd_api_page_update_actions           (PdApiPage                *self);
void        pd_api_page_set_dialog               (PdApiPage                *self,
                                                  AdwMessageDialog         *dialog);
void        pd_api_page_edit_activated_cb        (GSimpleAction            *action,
                                                  GVariant                 *parameter,
                                                  gpointer                  user_data);
void        pd_api_page_undo_activated_cb        (GSimpleAction            *action,
                                                  GVariant                 *parameter,
                                                  gpointer                  user_data);

G_END_DECLS
