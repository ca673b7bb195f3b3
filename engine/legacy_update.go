package engine

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// legacyTypeNames are the type names of legacy AttributeUpdates messages.
var legacyTypeNames = map[string]string{
	"S": "STRING", "N": "NUMBER", "B": "BINARY", "BOOL": "BOOLEAN", "NULL": "NULL",
	"L": "LIST", "M": "MAP", "SS": "STRING_SET", "NS": "NUMBER_SET", "BS": "BINARY_SET",
}

// isSet reports whether a value type is a set.
func isSet(typ string) bool { return typ == "SS" || typ == "NS" || typ == "BS" }

// updates translates AttributeUpdates into an update expression; nil when
// there is nothing to update. PUT sets an attribute; ADD adds to a number or
// set, appends to a list, or creates the attribute; DELETE removes an
// attribute, or the given members of a set.
func (l *legacyExprs) updates(upd map[string]types.AttributeValueUpdate) (*string, error) {
	var set, remove, add, del []string
	for _, name := range sortedKeys(upd) {
		u := upd[name]
		if name == "" {
			return nil, errEmptyName
		}
		action := u.Action
		if action == "" {
			action = types.AttributeActionPut
		}
		if err := checkEnum("attributeUpdates."+name+".member.action", action, enumAttributeAction); err != nil {
			return nil, err
		}
		if u.Value == nil {
			if action != types.AttributeActionDelete {
				return nil, invalidParam("Only DELETE action is allowed when no attribute value is specified")
			}
			remove = append(remove, l.name(name))
			continue
		}
		v, err := attr.Normalize(u.Value)
		if err != nil {
			return nil, err
		}
		typ := dynamo.TypeOf(v)
		switch action {
		case types.AttributeActionPut:
			set = append(set, l.name(name)+" = "+l.value(v))
		case types.AttributeActionAdd:
			switch {
			case typ == "N" || isSet(typ):
				add = append(add, l.name(name)+" "+l.value(v))
			case typ == "L":
				ph := l.name(name)
				empty := l.value(&types.AttributeValueMemberL{Value: []types.AttributeValue{}})
				set = append(set, ph+" = list_append(if_not_exists("+ph+", "+empty+"), "+l.value(v)+")")
			default:
				return nil, invalidParam("ADD action is not supported for the type %s", legacyTypeNames[typ])
			}
		case types.AttributeActionDelete:
			if !isSet(typ) {
				return nil, invalidParam("DELETE action with value is not supported for the type %s", legacyTypeNames[typ])
			}
			del = append(del, l.name(name)+" "+l.value(v))
		}
	}
	var clauses []string
	for _, c := range []struct {
		verb    string
		actions []string
	}{{"SET", set}, {"REMOVE", remove}, {"ADD", add}, {"DELETE", del}} {
		if len(c.actions) > 0 {
			clauses = append(clauses, c.verb+" "+strings.Join(c.actions, ", "))
		}
	}
	if len(clauses) == 0 {
		return nil, nil
	}
	return ptr(strings.Join(clauses, " ")), nil
}
