// @ts-check

/**
 * Alert state every replica shares: one row per alert key, open while its
 * condition holds. A notification is owed (`pending`) on each opening and
 * recovery, and only the replica holding the row's claim sends it.
 * Earlier releases kept this in the lakehouse (bronze.alert_state).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('control_room_alert_state', table => {
    table.comment('Control Room alerts, one row per alert key');
    // sha256 of the alert key (condition and subject, e.g. advisor:<Azure
    // resource path>): keys can be longer than an index allows.
    table.string('key_hash', 64).primary().notNullable();
    table.text('alert_key').notNullable();
    table.string('kind', 32).notNullable();
    table.text('subject_id').notNullable();
    table.string('project_id', 255).nullable();
    table.text('title').notNullable();
    table.text('description').nullable();
    table.string('severity', 32).notNullable();
    table.text('link').notNullable();
    table.string('status', 16).notNullable().index();
    table.string('since', 64).notNullable();
    table.string('last_seen_at', 64).notNullable();
    table.string('resolved_at', 64).nullable();
    table.string('recipient', 255).nullable();
    table.string('notified_at', 64).nullable();
    // 'opened' or 'resolved' while that notification is owed.
    table.string('pending', 16).nullable();
    table.string('claim_token', 64).nullable();
    table.bigInteger('claimed_at').nullable();
    // Bumped by every transition, so two replicas cannot both make one.
    table.integer('version').notNullable().defaultTo(0);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('control_room_alert_state');
};
