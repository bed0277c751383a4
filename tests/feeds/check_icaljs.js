#!/usr/bin/env node
// check_icaljs.js - check rota's feeds with ical.js, the parser of
// Thunderbird and many web calendars.
//
// usage: node check_icaljs.js DIR...
//
// Parses every .ics under each DIR, registers its VTIMEZONEs, and checks:
// the calendar properties rota promises, a plain IANA TZID, unique UIDs,
// every event resolved in the file's own zone with end after start, no
// agent on two overlapping duties in team.ics, and (for ranks/L1.ics and
// ranks/L2.ics) every hour of the X-ROTA-HORIZON covered.
// Prints "event FILE UID START END LOCAL AGENT RANK" per event (instants as
// UTC ISO, LOCAL the wall-clock start in the feed's zone, for run.sh to compare with check_icalendar.py), "ok FILE: N events"
// per good file and "FAIL FILE: why" per problem; exits 1 on any FAIL.
'use strict';

const fs = require('fs');
const path = require('path');
const ICAL = require('ical.js');

let failures = 0;

function fail(file, why) {
	console.log(`FAIL ${file}: ${why}`);
	failures++;
}

function icsFiles(dir) {
	let out = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory())
			out = out.concat(icsFiles(p));
		else if (e.name.endsWith('.ics'))
			out.push(p);
	}
	return out.sort();
}

function iso(t) {
	return new Date(t * 1000).toISOString().replace('.000Z', 'Z');
}

// Local midnight of a YYYY-MM-DD date in a registered zone, as Unix time.
function midnight(ymd, zone) {
	const [y, m, d] = ymd.split('-').map(Number);
	const t = new ICAL.Time({ year: y, month: m, day: d, hour: 0,
	    minute: 0, second: 0, isDate: false }, zone);
	return t.toUnixTime();
}

function checkFile(dir, file) {
	const rel = dir.replace(/\/+$/, '') + '/' + path.relative(dir, file);
	let comp;
	try {
		comp = new ICAL.Component(ICAL.parse(fs.readFileSync(file, 'utf8')));
	} catch (e) {
		fail(rel, `ical.js cannot parse it: ${e.message}`);
		return;
	}
	const before = failures;
	if (comp.name !== 'vcalendar')
		return fail(rel, `top component is ${comp.name}, not vcalendar`);
	for (const [prop, want] of [['version', '2.0'], ['prodid', '-//rota//rota//EN'],
	    ['calscale', 'GREGORIAN'], ['method', 'PUBLISH']])
		if (comp.getFirstPropertyValue(prop) !== want)
			fail(rel, `${prop.toUpperCase()} is ${comp.getFirstPropertyValue(prop)}, not ${want}`);
	for (const prop of ['x-wr-calname', 'x-wr-timezone', 'refresh-interval', 'x-published-ttl'])
		if (!comp.getFirstProperty(prop))
			fail(rel, `no ${prop.toUpperCase()}`);
	const tzname = String(comp.getFirstPropertyValue('x-wr-timezone'));

	const zones = {};
	for (const vtz of comp.getAllSubcomponents('vtimezone')) {
		const tzid = vtz.getFirstPropertyValue('tzid');
		if (tzid.startsWith('/'))
			fail(rel, `TZID '${tzid}' has a prefix`);
		const zone = new ICAL.Timezone(vtz);
		ICAL.TimezoneService.register(zone, tzid);
		zones[tzid] = zone;
	}
	if (!zones[tzname])
		fail(rel, `no VTIMEZONE for X-WR-TIMEZONE ${tzname}`);

	const uids = new Set();
	const events = [];
	for (const v of comp.getAllSubcomponents('vevent')) {
		const ev = new ICAL.Event(v);
		const uid = ev.uid;
		if (!uid) {
			fail(rel, 'event without UID');
			continue;
		}
		if (uids.has(uid))
			fail(rel, `UID ${uid} twice`);
		uids.add(uid);
		if (!ev.startDate || !ev.endDate) {
			fail(rel, `${uid}: no DTSTART or DTEND`);
			continue;
		}
		for (const [name, t] of [['DTSTART', ev.startDate], ['DTEND', ev.endDate]]) {
			const tzid = v.getFirstProperty(name.toLowerCase()).getParameter('tzid');
			if (tzid && (!t.zone || t.zone.tzid !== tzid))
				fail(rel, `${uid}: ${name} not resolved in its zone ${tzid}`);
		}
		const start = ev.startDate.toUnixTime(), end = ev.endDate.toUnixTime();
		if (end <= start)
			fail(rel, `${uid}: ends before it starts`);
		const agent = v.getFirstPropertyValue('x-rota-agent');
		const rank = v.getFirstPropertyValue('x-rota-rank');
		if (!agent || !rank)
			fail(rel, `${uid}: no X-ROTA-AGENT or X-ROTA-RANK`);
		events.push({ uid, start, end, agent: String(agent), rank: String(rank) });
		const local = zones[tzname] ?
		    ev.startDate.convertToZone(zones[tzname]).toString().slice(0, 16) : '?';
		console.log(`event ${rel} ${uid} ${iso(start)} ${iso(end)} ${local} ${agent} ${rank}`);
	}

	if (path.basename(file) === 'team.ics') {
		const byAgent = {};
		for (const e of events)
			(byAgent[e.agent] = byAgent[e.agent] || []).push(e);
		for (const [agent, list] of Object.entries(byAgent)) {
			list.sort((a, b) => a.start - b.start);
			for (let i = 1; i < list.length; i++)
				if (list[i].start < list[i - 1].end)
					fail(rel, `${agent} on two duties at once: ` +
					    `${list[i - 1].uid} and ${list[i].uid}`);
		}
	}

	const rankFeed = /(^|\/)ranks\/(L1|L2)\.ics$/.test(rel);
	const horizon = comp.getFirstPropertyValue('x-rota-horizon');
	if (rankFeed && !horizon)
		fail(rel, 'no X-ROTA-HORIZON');
	if (rankFeed && horizon && zones[tzname]) {
		const [first, last] = String(horizon).split('/');
		const lo = midnight(first, zones[tzname]);
		const lastDay = new Date(last + 'T00:00:00Z');
		lastDay.setUTCDate(lastDay.getUTCDate() + 1);
		const hi = midnight(lastDay.toISOString().slice(0, 10), zones[tzname]);
		// Sweep: the union of the events must reach from lo to hi.
		let reach = lo;
		const sorted = events.slice().sort((a, b) => a.start - b.start);
		for (const e of sorted) {
			if (e.start > reach)
				break;
			reach = Math.max(reach, e.end);
		}
		if (reach < hi)
			fail(rel, `nobody on duty from ${iso(reach)} (horizon ${horizon})`);
	}
	if (failures === before)
		console.log(`ok ${rel}: ${events.length} events`);
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
	console.error('usage: node check_icaljs.js DIR...');
	process.exit(2);
}
for (const dir of dirs) {
	let files = [];
	try {
		files = icsFiles(dir);
	} catch (e) {
		fail(dir, e.message);
	}
	if (files.length === 0)
		fail(dir, 'no .ics files');
	for (const f of files)
		checkFile(dir, f);
}
process.exit(failures ? 1 : 0);
