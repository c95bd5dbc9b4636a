-- osm2pgsql flex style for Centinela (osm2pgsql >= 1.7): what a rapid response map needs from an
-- OpenStreetMap extract. Streets with names and classes, water, parks, buildings, address points and
-- interpolation lines, and the places that matter to a network (schools, places of worship, clinics,
-- food pantries, courthouses, jails, ICE offices, transit stops, laundromats...). Geometries in EPSG:3857
-- (what vector tiles need); the importer derives the search tables in EPSG:4326 afterwards.
-- The schema comes from CENTINELA_MAP_SCHEMA: imports land in a staging schema that is swapped in whole.

local schema = os.getenv('CENTINELA_MAP_SCHEMA') or 'map_import'
local opts = { schema = schema }

local roads = osm2pgsql.define_way_table('roads', {
  { column = 'name', type = 'text' },
  { column = 'class', type = 'text', not_null = true },
  { column = 'bridge', type = 'bool' },
  { column = 'tunnel', type = 'bool' },
  { column = 'geom', type = 'linestring', projection = 3857, not_null = true },
}, opts)

local waterways = osm2pgsql.define_way_table('waterways', {
  { column = 'name', type = 'text' },
  { column = 'class', type = 'text' },
  { column = 'geom', type = 'linestring', projection = 3857, not_null = true },
}, opts)

local areas = osm2pgsql.define_area_table('areas', {
  { column = 'name', type = 'text' },
  { column = 'kind', type = 'text', not_null = true }, -- water | park | building
  { column = 'geom', type = 'multipolygon', projection = 3857, not_null = true },
}, opts)

local addresses = osm2pgsql.define_table({
  name = 'addresses',
  ids = { type = 'any', id_column = 'osm_id', type_column = 'osm_type' },
  columns = {
    { column = 'housenumber', type = 'text', not_null = true },
    { column = 'street', type = 'text' },
    { column = 'place', type = 'text' },
    { column = 'postcode', type = 'text' },
    { column = 'geom', type = 'point', projection = 3857, not_null = true },
  },
  schema = schema,
})

local interpolations = osm2pgsql.define_way_table('interpolations', {
  { column = 'interpolation', type = 'text', not_null = true },
  { column = 'street', type = 'text' },
  { column = 'geom', type = 'linestring', projection = 3857, not_null = true },
}, opts)

local places = osm2pgsql.define_table({
  name = 'places',
  ids = { type = 'any', id_column = 'osm_id', type_column = 'osm_type' },
  columns = {
    { column = 'name', type = 'text' },
    { column = 'category', type = 'text', not_null = true },
    { column = 'street', type = 'text' },
    { column = 'housenumber', type = 'text' },
    { column = 'geom', type = 'point', projection = 3857, not_null = true },
  },
  schema = schema,
})

local road_classes = {
  motorway = 'motorway', motorway_link = 'motorway', trunk = 'trunk', trunk_link = 'trunk',
  primary = 'primary', primary_link = 'primary', secondary = 'secondary', secondary_link = 'secondary',
  tertiary = 'tertiary', tertiary_link = 'tertiary', residential = 'minor', unclassified = 'minor',
  living_street = 'minor', road = 'minor', service = 'service', pedestrian = 'path', footway = 'path',
  path = 'path', cycleway = 'path', steps = 'path', track = 'service',
}

-- The category of a place, or nil when it does not matter to a network.
local function category_of(tags)
  local a, s = tags.amenity, tags.shop
  if a == 'school' or a == 'kindergarten' or a == 'college' or a == 'university' then return 'school' end
  if a == 'place_of_worship' then return 'worship' end
  if a == 'clinic' or a == 'doctors' or a == 'hospital' or tags.healthcare == 'clinic' then return 'clinic' end
  if a == 'food_bank' or (a == 'social_facility' and tags.social_facility == 'food_bank') then return 'food_pantry' end
  if a == 'social_facility' or a == 'community_centre' then return 'community' end
  if a == 'courthouse' then return 'courthouse' end
  if a == 'prison' or a == 'police' then return a == 'prison' and 'jail' or 'police' end
  if tags.office == 'government' and (tags.government == 'immigration' or tags.government == 'border_control') then return 'immigration_office' end
  if a == 'townhall' or tags.office == 'government' then return 'government' end
  if tags.highway == 'bus_stop' or tags.public_transport == 'platform' or tags.public_transport == 'station'
    or tags.railway == 'station' or tags.railway == 'halt' or tags.railway == 'tram_stop' or tags.railway == 'subway_entrance' then
    return 'transit'
  end
  if s == 'laundry' or s == 'dry_cleaning' then return 'laundromat' end
  if s == 'supermarket' or s == 'convenience' or s == 'bakery' or s == 'butcher' or s == 'greengrocer' then return 'food_shop' end
  if a == 'restaurant' or a == 'cafe' or a == 'fast_food' then return 'restaurant' end
  if a == 'library' then return 'library' end
  if a == 'pharmacy' then return 'pharmacy' end
  if tags.leisure == 'park' and tags.name then return 'park' end
  if tags.place == 'city' or tags.place == 'town' or tags.place == 'village' or tags.place == 'suburb'
    or tags.place == 'neighbourhood' or tags.place == 'quarter' then
    return 'locality'
  end
  if tags.name and (a or s or tags.office or tags.craft) then return 'other' end
  return nil
end

local function add_address(object, geom)
  local number = object.tags['addr:housenumber']
  if number and geom then
    addresses:insert({
      housenumber = number, street = object.tags['addr:street'], place = object.tags['addr:place'],
      postcode = object.tags['addr:postcode'], geom = geom,
    })
  end
end

local function add_place(object, geom)
  local category = category_of(object.tags)
  if category and geom then
    places:insert({
      name = object.tags.name, category = category, street = object.tags['addr:street'],
      housenumber = object.tags['addr:housenumber'], geom = geom,
    })
    return true
  end
  return false
end

local function area_kind(tags)
  if tags.natural == 'water' or tags.waterway == 'riverbank' or tags.landuse == 'reservoir' or tags.landuse == 'basin' then return 'water' end
  if tags.leisure == 'park' or tags.leisure == 'playground' or tags.leisure == 'garden' or tags.landuse == 'grass'
    or tags.landuse == 'recreation_ground' or tags.landuse == 'cemetery' or tags.natural == 'wood' or tags.landuse == 'forest' then
    return 'park'
  end
  if tags.building and tags.building ~= 'no' then return 'building' end
  return nil
end

function osm2pgsql.process_node(object)
  local point = object:as_point()
  if not add_place(object, point) then add_address(object, point) end
end

function osm2pgsql.process_way(object)
  local tags = object.tags
  local class = road_classes[tags.highway]
  if class and tags.area ~= 'yes' then
    roads:insert({
      name = tags.name, class = class,
      bridge = tags.bridge ~= nil and tags.bridge ~= 'no',
      tunnel = tags.tunnel ~= nil and tags.tunnel ~= 'no',
      geom = object:as_linestring(),
    })
  end
  if tags.waterway == 'river' or tags.waterway == 'stream' or tags.waterway == 'canal' then
    waterways:insert({ name = tags.name, class = tags.waterway, geom = object:as_linestring() })
  end
  if tags['addr:interpolation'] then
    interpolations:insert({ interpolation = tags['addr:interpolation'], street = tags['addr:street'], geom = object:as_linestring() })
  end
  if object.is_closed then
    local kind = area_kind(tags)
    if kind then areas:insert({ name = tags.name, kind = kind, geom = object:as_polygon() }) end
    local polygon = object:as_polygon()
    local centre = polygon and polygon:centroid()
    if not add_place(object, centre) then add_address(object, centre) end
  end
end

function osm2pgsql.process_relation(object)
  if object.tags.type ~= 'multipolygon' then return end
  local kind = area_kind(object.tags)
  local geom = object:as_multipolygon()
  if kind then areas:insert({ name = object.tags.name, kind = kind, geom = geom }) end
  add_place(object, geom and geom:centroid())
end
